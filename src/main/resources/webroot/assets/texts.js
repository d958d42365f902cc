// 页面脚本的文字：服务器按页面语言把目录中 js.* 的文字写进页面（#zk-texts），脚本只写键。
const node = document.getElementById('zk-texts');
const TEXTS = node ? JSON.parse(node.textContent) : {};

/** 页面的语言（zh-CN 或 bo），加载后写在 <html lang> 上。 */
export const lang = document.documentElement.lang === 'bo' ? 'bo' : 'zh-CN';
document.documentElement.lang = lang;

/** 键的文字，{0}、{1} 处填入参数：t('api.network.title')、t('api.retry-after', 30)。 */
export function t(key, ...args) {
  const s = TEXTS[key];
  if (s === undefined) return key;
  return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] !== undefined ? String(args[i]) : m));
}

// 语言开关保留页面地址上的其他参数（如登录后的 next=），只换 lang。
for (const a of document.querySelectorAll('.lang-switch a[hreflang]')) {
  const q = new URLSearchParams(location.search);
  q.set('lang', a.hreflang);
  a.href = location.pathname + '?' + q.toString() + location.hash;
  if (a.hreflang === lang) a.setAttribute('aria-current', 'true');
}
