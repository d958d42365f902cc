// 考生缴费：全部订单及其状态；未缴费的可缴费或取消，缴费中的可继续缴费。
import { api, showProblem, withLogin } from './api.js';
import { initPage, el, openDialog } from './ui.js';
import { orderView } from './order.js';
import { pay } from './pay.js';
import { showPlanFacts } from './plan.js';
import { t } from './texts.js';

initPage();
showPlanFacts();
const list = document.getElementById('orders');
const alertEl = document.getElementById('page-alert');

async function cancel(order) {
  if (await openDialog(document.getElementById('cancel')) !== 'ok') return;
  try {
    await withLogin(api('DELETE', `/api/v1/orders/${order.orderId}`));
  } catch (e) {
    showProblem(e, { alertEl });
  }
  await load();
}

async function load() {
  try {
    const r = await withLogin(api('GET', '/api/v1/orders'));
    const orders = Array.isArray(r) ? r : (r.orders || r.items || []);
    list.replaceChildren(...(orders.length ? orders.map(o => orderView(o, {
      pay: async x => { await pay(x, alertEl); await load(); },
      cancel,
    })) : [el('p', {}, t('orders.none'), el('a', { href: '/enroll.html' }, t('exams.to-enroll')))]));
  } catch (e) {
    showProblem(e, { alertEl });
  }
}
load();
