// 考生登录：证件号登录（姓名 + 身份证号 + 密码 + 短信）与手机号登录（手机 + 短信），都要图形验证码。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { initPage, busy } from './ui.js';
import { t } from './texts.js';
import { phoneProblem, smsCodeProblem } from './checks.js';
import { captcha, nameAndIdNumber, smsButton } from './verify.js';

initPage();
const tabs = [...document.querySelectorAll('[role="tab"]')];
const captchas = {};

function select(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    const panel = document.getElementById(t.getAttribute('aria-controls'));
    // 验证码 120 秒内有效：切换到另一种方式时换一张新的
    if (on && panel.hidden && captchas[panel.id]) captchas[panel.id].refreshIfOld();
    panel.hidden = !on;
  }
}
tabs.forEach((t, i) => {
  t.addEventListener('click', () => select(t));
  t.addEventListener('keydown', ev => {
    const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    const next = tabs[(i + d + tabs.length) % tabs.length];
    select(next);
    next.focus();
  });
});

/** 登录后回到的页面：只接受本站的路径（以反斜杠、控制字符、双斜杠或协议开头的一律回到考生信息）。 */
function next() {
  const n = new URLSearchParams(location.search).get('next') || '';
  if (!/^\/[^\/\\]/.test(n) || /[\u0000-\u001f\u007f\\]/.test(n)) return '/profile.html';
  const url = new URL(n, location.origin);
  return url.origin === location.origin ? url.pathname + url.search + url.hash : '/profile.html';
}

function setup(prefix, who, body) {
  const form = document.getElementById(prefix + 'form');
  const alertEl = document.getElementById(prefix + 'alert');
  const code = captcha(form);
  captchas[form.id] = code;
  smsButton({ form, button: document.getElementById(prefix + 'sms-send'), code, purpose: 'LOGIN', alertEl,
    infoEl: document.getElementById(prefix + 'sms-info'), who: () => who(form) });
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clearErrors(form);
    const fields = body(form);
    if (!fields) return;
    const sms = form.elements.smsCode.value.trim();
    const p = smsCodeProblem(sms) || code.problem();
    if (p) { fieldError(form, smsCodeProblem(sms) ? 'smsCode' : 'captchaAnswer', p); return; }
    try {
      await busy(form.querySelector('[type="submit"]'), () => api('POST', '/api/v1/sessions',
        { method: form.dataset.method, ...fields, smsCode: sms, ...code.take() }));
      location.assign(next());
    } catch (e) {
      showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', CAPTCHA_INVALID: 'captchaAnswer' } });
    }
  });
}

const idWho = nameAndIdNumber;
setup('id-', idWho, form => {
  const w = idWho(form);
  if (w && !form.elements.password.value) { fieldError(form, 'password', t('login.password-required')); return null; }
  return w && { ...w, password: form.elements.password.value };
});

const phoneWho = form => {
  const p = phoneProblem(form.elements.phone.value);
  if (p) { fieldError(form, 'phone', p); return null; }
  return { phone: form.elements.phone.value.trim() };
};
setup('ph-', phoneWho, phoneWho);
if (location.hash === '#phone') select(tabs[1]);
