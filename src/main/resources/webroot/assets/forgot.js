// 找回密码：按手机号或按姓名和身份证号获取 RESET_PASSWORD 短信验证码，设置新密码。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { initPage, busy } from './ui.js';
import { passwordProblem, phoneProblem, smsCodeProblem } from './checks.js';
import { captcha, nameAndIdNumber, smsButton } from './verify.js';
import { t } from './texts.js';

initPage();
const form = document.getElementById('reset');
const alertEl = document.getElementById('form-alert');
const code = captcha(form);
const method = () => form.elements.method.value;

form.querySelectorAll('[name="method"]').forEach(r => r.addEventListener('change', () => {
  form.querySelectorAll('[data-method]').forEach(f => { f.hidden = f.dataset.method !== method(); });
  clearErrors(form);
}));

function who() {
  if (method() === 'PHONE') {
    const p = phoneProblem(form.elements.phone.value);
    if (p) { fieldError(form, 'phone', p); return null; }
    return { phone: form.elements.phone.value.trim() };
  }
  return nameAndIdNumber(form);
}

smsButton({ form, button: document.getElementById('sms-send'), code, purpose: 'RESET_PASSWORD', alertEl,
  infoEl: document.getElementById('sms-info'), who });

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(form);
  const target = who();
  if (!target) return;
  const sms = form.elements.smsCode.value.trim();
  const pw = form.elements.newPassword.value;
  const problems = [['smsCode', smsCodeProblem(sms)], ['captchaAnswer', code.problem()], ['newPassword', passwordProblem(pw)],
    ['newPassword2', pw === form.elements.newPassword2.value ? null : t('checks.passwords-differ')]].filter(p => p[1]);
  if (problems.length) { problems.forEach(([f, m]) => fieldError(form, f, m)); return; }
  try {
    await busy(document.getElementById('submit'), () => api('POST', '/api/v1/password-resets',
      { method: method(), ...target, smsCode: sms, newPassword: pw, ...code.take() }));
    form.hidden = true;
    const done = document.getElementById('done');
    done.hidden = false;
    done.focus();
  } catch (e) {
    showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', CAPTCHA_INVALID: 'captchaAnswer' } });
  }
});
