// 与服务器相同的输入检查，在提交前给出提示（服务器仍会再查一遍）。
import { t } from './texts.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
export const KIB = 1024;

/** GB 11643 公民身份号码：18 位、校验码、出生日期。返回错误信息或 null。 */
export function idNumberProblem(id) {
  const v = (id || '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return t('checks.id-number.format');
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  if (CHECK[sum % 11] !== v[17]) return t('checks.id-number.check-digit');
  const y = Number(v.slice(6, 10)), m = Number(v.slice(10, 12)), d = Number(v.slice(12, 14));
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || born > new Date()) {
    return t('checks.id-number.birth-date');
  }
  return null;
}

/** 身份证号第 17 位：奇数为男（M），偶数为女（F）。 */
export function genderOf(id) {
  return Number((id || '').trim()[16]) % 2 === 1 ? 'M' : 'F';
}

export function phoneProblem(phone) {
  return /^1[3-9]\d{9}$/.test((phone || '').trim()) ? null : t('checks.phone');
}

export function passwordProblem(pw) {
  return pw && pw.length >= 8 && /[A-Za-z]/.test(pw) && /\d/.test(pw) ? null : t('checks.password');
}

export function smsCodeProblem(code) {
  return /^\d{6}$/.test((code || '').trim()) ? null : t('checks.sms-code');
}

async function isJpeg(file) {
  const head = new Uint8Array(await file.slice(0, 3).arrayBuffer());
  return head[0] === 0xFF && head[1] === 0xD8 && head[2] === 0xFF;
}

function dimensions(file) {
  return new Promise(resolve => {
    const img = new Image();
    const url = URL.createObjectURL(file);
    img.onload = () => { URL.revokeObjectURL(url); resolve([img.naturalWidth, img.naturalHeight]); };
    img.onerror = () => { URL.revokeObjectURL(url); resolve(null); };
    img.src = url;
  });
}

/** 证件照：JPEG，宽 480 × 高 640 像素，不超过 50 KB。 */
export async function photoProblem(file) {
  if (!file) return t('checks.photo.missing');
  if (!(await isJpeg(file))) return t('checks.photo.not-jpeg');
  if (file.size > 50 * KIB) return t('checks.photo.too-large', Math.ceil(file.size / KIB));
  const dim = await dimensions(file);
  if (!dim) return t('checks.photo.unreadable');
  if (dim[0] !== 480 || dim[1] !== 640) return t('checks.photo.size', dim[0], dim[1]);
  return null;
}

/** 身份证正反面照片：JPEG，不超过 100 KB。 */
export async function idImageProblem(file) {
  if (!file) return t('checks.id-image.missing');
  if (!(await isJpeg(file))) return t('checks.id-image.not-jpeg');
  if (file.size > 100 * KIB) return t('checks.id-image.too-large', Math.ceil(file.size / KIB));
  return null;
}

/** 选择图片后在 img 中预览。 */
export function previewOn(input, img) {
  input.addEventListener('change', () => {
    const f = input.files && input.files[0];
    if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
    if (f) {
      img.dataset.url = URL.createObjectURL(f);
      img.src = img.dataset.url;
      img.hidden = false;
    } else {
      img.hidden = true;
      img.removeAttribute('src');
    }
  });
}
