// 在籍考生完善资料：绑定手机、设置密码、上传身份证照片；查无此人时明确告知。
import { initPage } from './ui.js';
import { signupForm } from './signup.js';
import { t } from './texts.js';

initPage();
signupForm(document.getElementById('form'), {
  purpose: 'PROFILE', path: '/api/v1/profile-completions',
  codeFields: { NOT_IN_ROSTER: 'idNumber' }, titles: { NOT_IN_ROSTER: t('complete.not-in-roster') },
});
