import { it } from 'vitest';
import { call, startTestApp } from './helpers/app.js';
import { entryBody, siteWithStaff } from './helpers/protocol.js';
it('prof', async () => {
  const t = await startTestApp('sqlite');
  const f = await siteWithStaff(t);
  const body = entryBody(f);
  for (let i = 0; i < 100; i++) await call(t, f.viewer.token, 'POST', '/api/v1/viewings', body);
  let s = performance.now();
  for (let i = 0; i < 500; i++) await call(t, f.viewer.token, 'POST', '/api/v1/viewings', body);
  console.log('POST ms each', (performance.now() - s) / 500);
  s = performance.now();
  for (let i = 0; i < 500; i++) await call(t, f.viewer.token, 'GET', '/api/v1/me');
  console.log('GET me ms each', (performance.now() - s) / 500);
  await t.close();
}, 120000);
