// 退出：注销本次登录（令牌立即失效）。
import { api, ApiError, showProblem } from './api.js';
import { initPage, busy } from './ui.js';

initPage();
document.getElementById('logout').addEventListener('click', async ev => {
  try {
    await busy(ev.currentTarget, () => api('DELETE', '/api/v1/sessions/current'));
  } catch (e) {
    // 已经过期或已退出的登录同样视为退出成功
    if (!(e instanceof ApiError && e.status === 401)) {
      showProblem(e, { alertEl: document.getElementById('logout-alert') });
      return;
    }
  }
  document.cookie = 'zk_csrf=; Max-Age=0; Path=/; SameSite=Strict';
  document.getElementById('ask').hidden = true;
  const done = document.getElementById('done');
  done.hidden = false;
  done.focus();
  initPage();
});
