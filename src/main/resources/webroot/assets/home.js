// 首页：显示当前考次的报名时间，须知中的费用与订单保留时间。
import { initPage, when } from './ui.js';
import { sitting, showPlanFacts } from './plan.js';

initPage();
showPlanFacts();
const info = document.getElementById('sitting-info');
sitting().then(s => {
  info.textContent = `${s.name}：网上报名时间 ${when(s.registrationOpensAt)} 至 ${when(s.registrationClosesAt)}。`;
}).catch(() => {
  info.textContent = '考试计划暂时无法读取，请稍后刷新。';
});
