// 页面共用的小部件：导航状态、对话框、倒计时、金额与时间的显示、安全地构造元素。
import { cookie } from './api.js';
import { t } from './texts.js';

/** 按是否登录显示“登录/注册”或“考生信息/退出”（当前页的导航项已由服务器标出）。 */
export function initPage() {
  const signedIn = !!cookie('zk_csrf');
  document.querySelectorAll('[data-auth]').forEach(n => {
    n.hidden = (n.dataset.auth === 'in') !== signedIn;
  });
}

/** 构造元素：el('td', {class: 'num'}, '¥12.50')。文字一律作为文本插入。 */
export function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') n.textContent = v;
    else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) n.append(c instanceof Node ? c : String(c));
  }
  return n;
}

/**
 * 打开一个模态对话框（原生 dialog：背景不可操作，焦点留在框内，Esc 关闭），
 * 关闭后焦点回到 returnTo（默认为打开前的焦点）；返回按下的按钮的 value（Esc 或取消为 ''）。
 */
export function openDialog(dialog, returnTo = document.activeElement) {
  const back = returnTo;
  dialog.returnValue = '';
  dialog.showModal();
  const first = dialog.querySelector('[autofocus]') || dialog.querySelector('button');
  if (first) first.focus();
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      if (back && back.focus) back.focus();
      resolve(dialog.returnValue);
    }, { once: true });
  });
}

/** 按钮倒计时：期间不可用，显示剩余秒数，结束后恢复原文字。 */
export function countdown(button, seconds) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  let left = Math.max(1, Math.ceil(seconds));
  button.disabled = true;
  button.textContent = t('ui.resend-in', left);
  const timer = setInterval(() => {
    left -= 1;
    if (left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = label;
    } else {
      button.textContent = t('ui.resend-in', left);
    }
  }, 1000);
}

/** 分 → “¥12.50” */
export function yuan(fen) {
  return '¥' + (Number(fen || 0) / 100).toFixed(2);
}

/** “2027-04-17T09:00:00+08:00” → “2027年4月17日 09:00”（接口时间均为北京时间）。 */
export function when(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  return m ? t('ui.date-time', m[1], Number(m[2]), Number(m[3]), m[4], m[5]) : (iso || '');
}

/** 考试时间段：“2027年4月17日 09:00–11:30” */
export function span(startsAt, endsAt) {
  const end = /T(\d{2}:\d{2})/.exec(endsAt || '');
  return when(startsAt) + (end ? '–' + end[1] : '');
}

const STATUS_TEXT = { UNPAID: t('status.unpaid'), PAYING: t('status.paying'), PAID: t('status.paid'), VOID: t('status.void') };

/** 订单状态的文字，未知状态原样显示。 */
export function statusText(status) {
  return STATUS_TEXT[status] || status;
}

export function badge(status) {
  return el('span', { class: 'badge ' + status }, statusText(status));
}

/** 须知门槛：勾选“已阅读”后按钮才可用。 */
export function gate(checkbox, button) {
  const sync = () => { button.disabled = !checkbox.checked; };
  checkbox.addEventListener('change', sync);
  sync();
}

/** 提交期间禁用按钮，避免重复提交。 */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
