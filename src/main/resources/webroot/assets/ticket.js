// 准考证打印：显示开放打印的时间，下载准考证 PDF；不能打印时显示服务器给出的原因。
import { ApiError, showProblem, toLogin } from './api.js';
import { initPage, busy, when } from './ui.js';
import { sitting } from './plan.js';

initPage();
const alertEl = document.getElementById('ticket-alert');
const button = document.getElementById('ticket-download');
const open = document.getElementById('ticket-open');
let current = null;

async function show() {
  current = await sitting();
  const w = document.getElementById('ticket-window');
  w.textContent = current.ticketsFrom
    ? `${current.name}准考证自 ${when(current.ticketsFrom)} 起开放打印。`
    : `${current.name}准考证打印时间尚未公布，请留意考试院通知。`;
}

async function download() {
  const res = await fetch(`/api/v1/sittings/${encodeURIComponent(current.code)}/admission-ticket`,
    { credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 401) { toLogin(); return; }
  if (!res.ok) {
    let p = {};
    try { p = await res.json(); } catch (e) { p = {}; }
    throw new ApiError(res.status, { code: p.code, title: p.title || '无法打印准考证', detail: p.detail || '请稍后再试。', errors: [] });
  }
  const url = URL.createObjectURL(await res.blob());
  open.href = url;
  open.download = `准考证-${current.code}.pdf`;
  open.hidden = false;
  alertEl.className = 'alert success';
  alertEl.textContent = '准考证已生成，请保存后用 A4 纸打印。';
  open.click();
}

button.addEventListener('click', () => {
  alertEl.className = 'alert';
  alertEl.textContent = '';
  busy(button, download).catch(e => showProblem(e, { alertEl }));
});
show().catch(e => showProblem(e, { alertEl }));
