// 调用本站 JSON 接口，并把 problem+json 错误显示在相应的字段或操作旁边。
import { lang, t } from './texts.js';
import { waitBegins, waitOut, waitOver } from './wait.js';

const SAFE = new Set(['GET', 'HEAD']);
// 人多时（503 BUSY）自动重试同一个请求的次数上限；之后按普通错误显示，由考生自己再点。
const BUSY_RETRIES = 30;
const TICKET = 'X-Zikao-Queue-Ticket';

/** 接口返回的错误：status、problem（title/detail/code/errors）、需要等待的秒数，BUSY 时还有排队凭证与位置。 */
export class ApiError extends Error {
  constructor(status, problem, retryAfter, queue = {}) {
    super(problem.detail || problem.title);
    this.status = status;
    this.problem = problem;
    this.code = problem.code;
    this.retryAfter = retryAfter;
    this.ticket = queue.ticket || null;
    this.position = queue.position || null;
    this.waitSeconds = queue.waitSeconds || null;
  }
}

export function cookie(name) {
  const hit = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/**
 * 发送请求：body 为 FormData 时按 multipart 发送，否则按 JSON；改变状态的请求带上 X-CSRF-Token。
 * 服务器答 BUSY 时显示“当前访问人数较多”并倒计时，到时自动重发同一个请求（同一验证码、同一排队凭证）。
 */
export async function api(method, path, body) {
  let ticket = null;
  let waited = false;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(method, path, body, ticket);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'BUSY') || attempt >= BUSY_RETRIES) throw e;
        if (!waited) waitBegins();
        waited = true;
        ticket = e.ticket || ticket;
        await waitOut(e);
      }
    }
  } finally {
    if (waited) waitOver();
  }
}

async function send(method, path, body, ticket) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang };
  if (ticket) headers[TICKET] = ticket;
  if (!SAFE.has(method)) {
    const csrf = cookie('zk_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { code: 'NETWORK', title: t('api.network.title'), detail: t('api.network.detail') });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await res.json(); } catch (e) { data = null; }
  }
  if (res.ok) return data;
  const queue = data && data.code === 'BUSY'
    ? { ticket: res.headers.get(TICKET), position: data.queuePosition, waitSeconds: data.estimatedWaitSeconds } : {};
  throw new ApiError(res.status, problemOf(res.status, data), retryAfterOf(res), queue);
}

function retryAfterOf(res) {
  const v = res.headers.get('Retry-After');
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(1, Math.ceil(n));
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

// 只采用 problem+json 的可读字段；其余一律换成通用中文说明，页面上永远不出现原始 JSON 或堆栈。
function problemOf(status, data) {
  const p = data && typeof data === 'object' && typeof data.title === 'string' ? data : {};
  if (status === 503 && p.code === 'BUSY') {
    return { code: 'BUSY', title: t('api.busy.title'), detail: t('api.busy.detail'), errors: [] };
  }
  if (status === 503) {
    return { code: p.code || 'SERVICE_UNAVAILABLE', title: t('api.unavailable.title'), detail: t('api.unavailable.detail'), errors: [] };
  }
  return {
    code: p.code || 'HTTP_' + status,
    title: p.title || (status === 404 ? t('api.not-found') : t('api.failed')),
    detail: p.detail || (status >= 500 ? t('api.internal') : t('api.check-retry')),
    errors: Array.isArray(p.errors) ? p.errors.filter(e => e && typeof e.message === 'string') : [],
  };
}

/** 清除表单中上一次的错误提示。 */
export function clearErrors(form) {
  if (!form) return;
  form.querySelectorAll('[aria-invalid="true"]').forEach(el => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach(el => { el.textContent = ''; });
  form.querySelectorAll('.alert.error').forEach(el => { el.textContent = ''; });
}

/** 在字段旁显示一条错误（字段有 id 为 “字段id-error” 的提示元素）。 */
export function fieldError(form, name, message) {
  const input = form && form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!input) return false;
  const box = document.getElementById(input.id + '-error') || document.getElementById(name + '-error');
  if (!box) return false;
  input.setAttribute('aria-invalid', 'true');
  box.textContent = message;
  return true;
}

/**
 * 显示一个错误：errors[] 中指名的字段在字段旁显示；codeFields 把错误码对应到字段（如 SMS_CODE_INVALID → smsCode）；
 * 标题与说明显示在操作旁的提示框 alertEl 中。429 显示需等待的时间，503 提示稍后再试。
 */
export function showProblem(err, { form, alertEl, codeFields = {} } = {}) {
  const p = err instanceof ApiError ? err.problem
    : { title: t('api.failed'), detail: t('api.page-error'), errors: [] };
  const unplaced = [];
  for (const e of p.errors || []) {
    if (!(e.field && fieldError(form, e.field, e.message))) unplaced.push(e);
  }
  if (p.code && codeFields[p.code] && !(p.errors || []).length) {
    fieldError(form, codeFields[p.code], p.detail || p.title);
  }
  if (!alertEl) return;
  alertEl.textContent = '';
  const strong = document.createElement('strong');
  strong.textContent = p.title;
  alertEl.append(strong);
  let text = p.detail || '';
  if (err instanceof ApiError && err.status === 429 && err.retryAfter) text += t('api.retry-after', err.retryAfter);
  if (text) alertEl.append(document.createTextNode(text));
  for (const e of unplaced) {
    const line = document.createElement('div');
    line.textContent = e.message;
    alertEl.append(line);
  }
  alertEl.classList.add('error');
}

/** 需要登录的页面：未登录（401）时转到登录页，登录后再回来。 */
export function toLogin() {
  const back = location.pathname + location.search;
  location.replace('/login.html?next=' + encodeURIComponent(back));
}

export async function withLogin(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      toLogin();
      return new Promise(() => {});
    }
    throw e;
  }
}
