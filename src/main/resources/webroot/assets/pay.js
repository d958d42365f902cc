// 在线缴费：确认对话框 → 微信支付二维码 → 每 2 秒查询订单状态，直到缴费成功（或订单作废）。
import { api, showProblem, withLogin } from './api.js';
import { openDialog, yuan, when, statusText } from './ui.js';
import { t } from './texts.js';

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
  document.getElementById('pay-expires').textContent = t('pay.pay-by', when(payment.expiresAt || order.expiresAt));
  status.className = '';
  status.textContent = t('pay.waiting');
  close.textContent = t('pay.close');
  let latest = { ...order, status: 'PAYING' };
  let open = true;
  const closed = openDialog(dialog).then(() => { open = false; });
  while (open && latest.status === 'PAYING') {
    await Promise.race([closed, new Promise(r => setTimeout(r, POLL_MS))]);
    if (!open) break;
    try {
      latest = await withLogin(api('GET', `/api/v1/orders/${order.orderId}`));
    } catch (e) {
      status.textContent = t('pay.poll-failed');
    }
  }
  if (latest.status === 'PAID') {
    status.className = 'alert success';
    status.textContent = t('pay.paid');
    close.textContent = t('pay.done');
  } else if (latest.status !== 'PAYING') {
    status.className = 'alert error';
    status.textContent = t('pay.failed', statusText(latest.status));
  }
  await closed;
  return latest;
}
