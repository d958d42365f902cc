// 人多时的等候提示：页面顶部一条平静的提示，显示排队位置、预计等待与倒计时，到时由调用方自动重试。

let box = null;
let waiting = 0;

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
  strong.textContent = '当前访问人数较多，请稍候';
  n.append(strong);
  const lines = [];
  if (err.position) {
    lines.push(`您已在排队，前面还有 ${Math.max(0, err.position - 1)} 人` +
      (err.waitSeconds ? `，预计等待约 ${err.waitSeconds} 秒。` : '。'));
    lines.push('请不要关闭或刷新本页，以免失去排队位置。');
  }
  lines.push(`${left} 秒后自动重试……`);
  for (const text of lines) {
    const line = document.createElement('div');
    line.textContent = text;
    n.append(line);
  }
  n.hidden = false;
}

/** 显示等候提示并按 Retry-After 倒计时（至少 1 秒）；倒计时结束时兑现。 */
export function waitOut(err) {
  waiting += 1;
  let left = Math.max(1, Math.ceil(err.retryAfter || 1));
  render(err, left);
  return new Promise(resolve => {
    const timer = setInterval(() => {
      left -= 1;
      if (left > 0) {
        render(err, left);
        return;
      }
      clearInterval(timer);
      waiting -= 1;
      if (waiting === 0) notice().hidden = true;
      resolve();
    }, 1000);
  });
}
