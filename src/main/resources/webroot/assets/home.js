// 首页：显示当前考次的报名时间，须知中的费用与订单保留时间。
import { initPage, when } from './ui.js';
import { sitting, showPlanFacts } from './plan.js';
import { t } from './texts.js';

initPage();
showPlanFacts();
const info = document.getElementById('sitting-info');
sitting().then(s => {
  info.textContent = t('plan.window', s.name, when(s.registrationOpensAt), when(s.registrationClosesAt));
}).catch(() => {
  info.textContent = t('home.plan-unavailable');
});
