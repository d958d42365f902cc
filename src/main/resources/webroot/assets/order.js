// 一张订单：费用明细、合计、状态与可做的操作。
import { el, yuan, when, badge } from './ui.js';
import { t } from './texts.js';

function lineText(line) {
  if (line.kind === 'REGISTRATION_FEE') return t('order.registration-fee');
  const slot = line.slotNo ? t('order.slot', line.slotNo) : '';
  return `${line.courseCode || ''} ${line.courseName || ''}${slot}`.trim();
}

/** actions: {pay, cancel} 回调；只在订单状态允许时显示对应按钮。 */
export function orderView(order, actions = {}) {
  const rows = (order.lines || []).map(l => el('tr', {},
    el('td', {}, lineText(l)), el('td', { class: 'num' }, yuan(l.amountFen))));
  const open = order.status === 'UNPAID' || order.status === 'PAYING';
  const buttons = [];
  if (open && actions.pay) {
    buttons.push(el('button', { type: 'button', class: 'pay', onclick: () => actions.pay(order) },
      order.status === 'PAYING' ? t('order.pay-again') : t('order.pay')));
  }
  if (order.status === 'UNPAID' && actions.cancel) {
    buttons.push(el('button', { type: 'button', class: 'danger cancel', onclick: () => actions.cancel(order) }, t('order.cancel')));
  }
  const times = [t('order.created', when(order.createdAt))];
  if (open && order.expiresAt) times.push(t('order.pay-by', when(order.expiresAt)));
  if (order.paidAt) times.push(t('order.paid', when(order.paidAt)));
  return el('article', { class: 'order', 'data-order-id': order.orderId,
    'data-out-trade-no': order.outTradeNo, 'data-status': order.status },
    el('h3', {}, el('span', {}, t('order.number', order.outTradeNo || order.orderId)), badge(order.status)),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('order.item')), el('th', { scope: 'col', class: 'num' }, t('order.amount')))),
      el('tbody', {}, rows),
      el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('order.total')), el('td', { class: 'num' }, el('strong', {}, yuan(order.totalFen))))))),
    el('p', { class: 'muted' }, times.join(' · ')),
    buttons.length ? el('div', { class: 'actions' }, buttons) : null);
}
