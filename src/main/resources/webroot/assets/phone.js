// 考生信息 · 更换手机号：PROFILE 短信验证码发到新手机号，再以登录密码确认。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { busy } from './ui.js';
import { phoneProblem, smsCodeProblem } from './checks.js';
import { captcha, smsButton } from './verify.js';
import { t } from './texts.js';

const form = document.getElementById('phone-form');
const alertEl = document.getElementById('phone-alert');
const code = captcha(form);

function who() {
  const p = phoneProblem(form.elements.phone.value);
  if (p) { fieldError(form, 'phone', p); return null; }
  return { phone: form.elements.phone.value.trim() };
}

smsButton({ form, button: document.getElementById('m-sms-send'), code, purpose: 'PROFILE', alertEl,
  infoEl: document.getElementById('m-sms-info'), who });

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(form);
  alertEl.className = 'alert';
  const target = who();
  if (!target) return;
  const sms = form.elements.smsCode.value.trim();
  const p = smsCodeProblem(sms);
  if (p) { fieldError(form, 'smsCode', p); return; }
  if (!form.elements.password.value) { fieldError(form, 'password', t('login.password-required')); return; }
  try {
    const r = await busy(form.querySelector('[type="submit"]'), () => api('PUT', '/api/v1/me/phone',
      { phone: target.phone, smsCode: sms, password: form.elements.password.value }));
    form.reset();
    alertEl.textContent = t('phone.changed', r.phoneMasked);
    alertEl.className = 'alert success';
    document.dispatchEvent(new Event('zk:profile-changed'));
  } catch (e) {
    showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', BAD_CREDENTIALS: 'password', PHONE_TAKEN: 'phone' } });
  }
});
