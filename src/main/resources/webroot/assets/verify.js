// 图形验证码与短信验证码：验证码图片可刷新，每用一次即换新；短信按钮按服务器给的间隔倒计时。
import { api, ApiError, clearErrors, fieldError, showProblem } from './api.js';
import { idNumberProblem } from './checks.js';
import { countdown } from './ui.js';
import { t } from './texts.js';

/** 表单中的图形验证码：img.captcha-img、刷新按钮 .captcha-refresh、输入框 name=captchaAnswer。 */
export function captcha(form) {
  const img = form.querySelector('.captcha-img');
  const input = form.querySelector('[name="captchaAnswer"]');
  let id = null;
  let loadedAt = 0;
  async function refresh() {
    input.value = '';
    loadedAt = Date.now();
    try {
      const c = await api('POST', '/api/v1/captchas', {});
      id = c.captchaId;
      img.src = 'data:image/png;base64,' + c.imagePng;
      img.dataset.captchaId = id;
    } catch (e) {
      fieldError(form, 'captchaAnswer', e instanceof ApiError ? e.problem.detail : t('verify.captcha-failed'));
    }
  }
  form.querySelector('.captcha-refresh').addEventListener('click', refresh);
  img.addEventListener('click', refresh);
  refresh();
  return {
    refresh,
    /** 验证码 120 秒内有效：较旧的换一张。 */
    refreshIfOld() {
      if (Date.now() - loadedAt > 90000) refresh();
    },
    /** 取出本次的验证码（之后自动换一张，因为验证码只能用一次）。 */
    take() {
      const used = { captchaId: id, captchaAnswer: input.value.trim() };
      setTimeout(refresh, 0);
      return used;
    },
    problem() {
      return input.value.trim() ? null : t('verify.captcha-required');
    },
  };
}

/**
 * 短信验证码按钮。who() 给出 {phone} 或 {name, idNumber}，并在输入不对时返回 null（已在字段旁提示）。
 */
export function smsButton({ form, button, code, purpose, who, alertEl, infoEl }) {
  button.addEventListener('click', async () => {
    clearErrors(form);
    infoEl.textContent = '';
    const target = who();
    if (!target) return;
    const p = code.problem();
    if (p) { fieldError(form, 'captchaAnswer', p); return; }
    button.disabled = true;
    try {
      const r = await api('POST', '/api/v1/sms-codes', { purpose, ...target, ...code.take() });
      infoEl.textContent = t('verify.sms-sent', r.sentTo, Math.round(r.expiresInSeconds / 60));
      countdown(button, r.resendAfterSeconds);
    } catch (e) {
      button.disabled = false;
      showProblem(e, { form, alertEl, codeFields: { CAPTCHA_INVALID: 'captchaAnswer', PHONE_TAKEN: 'phone' } });
      if (e instanceof ApiError && e.status === 429 && e.retryAfter) countdown(button, e.retryAfter);
    }
  });
}

/** 姓名和身份证号（登录、找回密码共用）：检查后返回 {name, idNumber}，有误时标出字段并返回 null。 */
export function nameAndIdNumber(form) {
  const name = form.elements.name.value.trim();
  const id = form.elements.idNumber.value.trim().toUpperCase();
  if (!name) { fieldError(form, 'name', t('checks.name')); return null; }
  const p = idNumberProblem(id);
  if (p) { fieldError(form, 'idNumber', p); return null; }
  return { name, idNumber: id };
}
