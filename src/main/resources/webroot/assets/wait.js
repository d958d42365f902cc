// 人多时的等候提示：页面顶部一条平静的提示，显示排队位置、预计等待与倒计时，到时由调用方自动重试。
import { t } from './texts.js';

let box = null;
let waiting = 0;

/** 一个请求开始等候。 */
export function waitBegins() {
  waiting += 1;
}

/** 一个等候过的请求有了结果：没有别的请求在等时收起提示。 */
export function waitOver() {
  waiting = Math.max(0, waiting - 1);
  if (waiting === 0 && box) box.hidden = true;
}

function notice() {
  if (!box) {
    box = document.createElement('div');
    box.className = 'busy-notice';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.hidden = true;
    document.body.append(box);
  }
  return box;
}

function render(err, left) {
  const n = notice();
  n.textContent = '';
  const strong = document.createElement('strong');
  strong.textContent = t('wait.title');
  n.append(strong);
  const lines = [];
  if (err.position) {
    const ahead = Math.max(0, err.position - 1);
    lines.push(err.waitSeconds ? t('wait.queued-for', ahead, err.waitSeconds) : t('wait.queued', ahead));
    lines.push(t('wait.stay'));
  }
  lines.push(left > 0 ? t('wait.retry-in', left) : t('wait.retrying'));
  for (const text of lines) {
    const line = document.createElement('div');
    line.textContent = text;
    n.append(line);
  }
  n.hidden = false;
}

/** 显示等候提示并按 Retry-After 倒计时（至少 1 秒）；倒计时结束时兑现，提示留到 waitOver() 为止。 */
export function waitOut(err) {
  let left = Math.max(1, Math.ceil(err.retryAfter || 1));
  render(err, left);
  return new Promise(resolve => {
    const timer = setInterval(() => {
      left -= 1;
      render(err, left);
      if (left > 0) return;
      clearInterval(timer);
      resolve();
    }, 1000);
  });
}
