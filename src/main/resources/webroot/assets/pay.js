// 在线缴费：确认对话框 → 微信支付二维码 → 每 2 秒查询订单状态，直到缴费成功（或订单作废）。
import { api, showProblem, withLogin } from './api.js';
import { openDialog, yuan, when, STATUS_TEXT } from './ui.js';

const POLL_MS = 2000;

/** 为订单缴费；对话框关闭后返回订单的最新状态。 */
export async function pay(order, alertEl) {
  document.getElementById('pay-amount').textContent = yuan(order.totalFen);
  if (await openDialog(document.getElementById('pay-confirm')) !== 'ok') return order;
  let payment;
  try {
    payment = await withLogin(api('POST', `/api/v1/orders/${order.orderId}/payments`, { provider: 'wechat' }));
  } catch (e) {
    showProblem(e, { alertEl });
    return order;
  }
  const dialog = document.getElementById('pay-qr');
  const status = document.getElementById('pay-status');
  const close = document.getElementById('pay-qr-close');
  document.getElementById('pay-qr-amount').textContent = yuan(order.totalFen);
  document.getElementById('pay-qr-img').src = 'data:image/png;base64,' + payment.qrPng;
  document.getElementById('pay-expires').textContent = `请在 ${when(payment.expiresAt || order.expiresAt)} 前完成支付。`;
  status.className = '';
  status.textContent = '等待支付……支付完成后本页会自动显示结果。';
  close.textContent = '关闭';
  let latest = { ...order, status: 'PAYING' };
  let open = true;
  const closed = openDialog(dialog).then(() => { open = false; });
  while (open && latest.status === 'PAYING') {
    await Promise.race([closed, new Promise(r => setTimeout(r, POLL_MS))]);
    if (!open) break;
    try {
      latest = await withLogin(api('GET', `/api/v1/orders/${order.orderId}`));
    } catch (e) {
      status.textContent = '暂时无法查询订单状态，正在重试……';
    }
  }
  if (latest.status === 'PAID') {
    status.className = 'alert success';
    status.textContent = '缴费成功！报考成功，可在“考试查询”中查看已报考的课程。';
    close.textContent = '完成';
  } else if (latest.status !== 'PAYING') {
    status.className = 'alert error';
    status.textContent = `订单${STATUS_TEXT[latest.status] || latest.status}，未能完成缴费。`;
  }
  await closed;
  return latest;
}
