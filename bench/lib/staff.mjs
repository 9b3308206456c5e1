// A site, a camera and a responsible person holding a viewing right, made through the API:
// what the benchmarks that record viewings need before they start.
import { randomBytes } from 'node:crypto';
import { login } from './service.mjs';

/** A site, a camera and a responsible person with a viewing right, to post entries as. */
export async function ledgerWriter(base, adminToken) {
  const post = async (url, token, body) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const site = await post('/api/v1/sites', adminToken, { name: 'Bench library', municipality: 'Lahti' });
  const camera = await post('/api/v1/cameras', adminToken, {
    siteId: site.id,
    name: 'Entrance',
    vmsNames: [],
  });
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const user = await post('/api/v1/users', adminToken, {
    username: 'bench-responsible',
    displayName: 'Bench Responsible',
    password,
    roles: ['responsible'],
    siteIds: [site.id],
  });
  const token = await login(base, 'bench-responsible', password);
  const day = 86_400_000;
  await post('/api/v1/viewing-rights', token, {
    userId: user.id,
    siteId: site.id,
    commitmentRef: 'BENCH-1',
    commitmentSignedOn: new Date(Date.now() - 2 * day).toISOString().slice(0, 10),
    validFrom: new Date(Date.now() - day).toISOString(),
  });
  const body = JSON.stringify({
    siteId: site.id,
    cameraIds: [camera.id],
    description: 'Benchmark viewing of the entrance',
    footageFrom: new Date(Date.now() - 3_600_000).toISOString(),
    footageTo: new Date(Date.now() - 1_800_000).toISOString(),
    grounds: 'crime_investigation',
    justification: 'Benchmark entry recorded by bench/http.mjs',
    decidedBy: { userId: user.id },
  });
  return {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    site,
    camera,
    user,
    password,
  };
}
