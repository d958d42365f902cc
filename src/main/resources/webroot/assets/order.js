// 一张订单：费用明细、合计、状态与可做的操作。
import { el, yuan, when, badge } from './ui.js';

function lineText(line) {
  if (line.kind === 'REGISTRATION_FEE') return '报名费';
  const slot = line.slotNo ? `（第 ${line.slotNo} 班次）` : '';
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
      order.status === 'PAYING' ? '继续缴费' : '在线缴费'));
  }
  if (order.status === 'UNPAID' && actions.cancel) {
    buttons.push(el('button', { type: 'button', class: 'danger cancel', onclick: () => actions.cancel(order) }, '取消订单'));
  }
  const times = [`下单时间 ${when(order.createdAt)}`];
  if (open && order.expiresAt) times.push(`请在 ${when(order.expiresAt)} 前缴费`);
  if (order.paidAt) times.push(`缴费时间 ${when(order.paidAt)}`);
  return el('article', { class: 'order', 'data-order-id': order.orderId,
    'data-out-trade-no': order.outTradeNo, 'data-status': order.status },
    el('h3', {}, el('span', {}, `订单号 ${order.outTradeNo || order.orderId}`), badge(order.status)),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '项目'), el('th', { scope: 'col', class: 'num' }, '金额'))),
      el('tbody', {}, rows),
      el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, '合计'), el('td', { class: 'num' }, el('strong', {}, yuan(order.totalFen))))))),
    el('p', { class: 'muted' }, times.join(' · ')),
    buttons.length ? el('div', { class: 'actions' }, buttons) : null);
}
