// 准考证打印：显示开放打印的时间，下载准考证 PDF；不能打印时显示服务器给出的原因。
import { ApiError, showProblem, toLogin } from './api.js';
import { initPage, busy, when } from './ui.js';
import { sitting } from './plan.js';
import { lang, t } from './texts.js';

initPage();
const alertEl = document.getElementById('ticket-alert');
const button = document.getElementById('ticket-download');
const open = document.getElementById('ticket-open');
let current = null;

async function show() {
  current = await sitting();
  const w = document.getElementById('ticket-window');
  w.textContent = current.ticketsFrom
    ? t('ticket.opens', current.name, when(current.ticketsFrom))
    : t('ticket.unannounced', current.name);
}

async function download() {
  const res = await fetch(`/api/v1/sittings/${encodeURIComponent(current.code)}/admission-ticket`,
    { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept-Language': lang } });
  if (res.status === 401) { toLogin(); return; }
  if (!res.ok) {
    let p = {};
    try { p = await res.json(); } catch (e) { p = {}; }
    throw new ApiError(res.status, { code: p.code, title: p.title || t('ticket.failed'), detail: p.detail || t('ticket.retry'), errors: [] });
  }
  const url = URL.createObjectURL(await res.blob());
  open.href = url;
  open.download = t('ticket.file', current.code);
  open.hidden = false;
  alertEl.className = 'alert success';
  alertEl.textContent = t('ticket.ready');
  open.click();
}

button.addEventListener('click', () => {
  alertEl.className = 'alert';
  alertEl.textContent = '';
  busy(button, download).catch(e => showProblem(e, { alertEl }));
});
show().catch(e => showProblem(e, { alertEl }));
