import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, call, startTestApp, type TestApp, userPassword } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/database.js';
import { type SiteFixture, siteWithStaff } from '../helpers/protocol.js';
import { PageClient, textOf } from '../helpers/web.js';

/** The admin's pages: users, sites, cameras, the retention status; refused to everyone else. */
describeEachDialect('web admin pages', (dialect) => {
  let t: TestApp;
  let f: SiteFixture;
  let admin: PageClient;
  let viewer: PageClient;

  beforeAll(async () => {
    t = await startTestApp(dialect, { LOCKOUT_THRESHOLD: '2' });
    f = await siteWithStaff(t);
    admin = new PageClient(t);
    await admin.signIn('admin', adminPassword);
    viewer = new PageClient(t);
    await viewer.signIn(f.viewer.username, userPassword);
  });
  afterAll(async () => t?.close());

  const users = async () =>
    (await call(t, t.adminToken, 'GET', '/api/v1/users')).json<{
      items: {
        id: string;
        username: string;
        roles: string[];
        vmsUsernames: string[];
        disabled: boolean;
        mustChangePassword: boolean;
        siteIds: string[];
      }[];
    }>().items;

  const newUser = (overrides: Record<string, string | string[]> = {}) => ({
    username: 'tvirtanen',
    displayName: 'Tuula Virtanen',
    roles: ['viewer'],
    siteIds: [f.siteId],
    vmsUsernames: '[BASIC]\\tvirtanen\nTVIRTANEN2',
    password: 'tilapäinen salasana 1',
    ...overrides,
  });

  it('shows the admin the navigation of their pages, and the viewer none of them', async () => {
    const home = await admin.get('/');
    for (const href of ['/admin/users', '/admin/sites', '/admin/retention'])
      expect(home.body).toContain(`href="${href}"`);
    expect(home.body).not.toContain('href="/audit"');
    const mine = await viewer.get('/');
    expect(mine.body).not.toContain('href="/admin/users"');
    for (const url of [
      '/admin/users',
      '/admin/users/new',
      '/admin/sites',
      '/admin/retention',
      `/admin/sites/${f.siteId}`,
    ]) {
      expect((await viewer.get(url)).statusCode, url).toBe(403);
    }
  });

  it('refuses a forged form post of a viewer: nothing is created', async () => {
    await viewer.get('/');
    const before = (await users()).length;
    const res = await viewer.post('/admin/users', newUser({ username: 'forged' }));
    expect(res.statusCode).toBe(403);
    expect((await viewer.post('/admin/sites', { name: 'Forged', municipality: 'Lahti' })).statusCode).toBe(
      403,
    );
    expect((await viewer.post(`/admin/cameras/${f.cameraIds[0]}/deactivate`, {})).statusCode).toBe(403);
    expect((await users()).length).toBe(before);
  });

  it('refuses bad input beside each field and stores nothing', async () => {
    await admin.get('/admin/users/new');
    const before = (await users()).length;
    const res = await admin.post(
      '/admin/users',
      newUser({ username: 'Bad Name', roles: [], password: 'short' }),
    );
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body, 'username-error')).toBe('Tarkista tämä tieto.');
    expect(textOf(res.body, 'roles-error')).toBe('Valitse vähintään yksi.');
    expect(textOf(res.body, 'password-error')).toBe('Kirjoita vähintään 12 merkkiä.');
    expect(res.body).toContain('value="Tuula Virtanen"');
    expect(res.body).not.toContain('value="short"');
    expect((await users()).length).toBe(before);
    const taken = await admin.post('/admin/users', newUser({ username: f.viewer.username }));
    expect(textOf(taken.body, 'username-error')).toBe('Käyttäjätunnus on jo käytössä.');
  });

  it('creates a viewer with camera-system user names kept as entered, who must change the password', async () => {
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users', newUser());
    expect(res.statusCode, res.body).toBe(303);
    const page = await admin.get(res.headers.location as string);
    expect(page.body).toContain('Käyttäjä on lisätty.');
    const created = (await users()).find((u) => u.username === 'tvirtanen')!;
    expect(created).toMatchObject({ roles: ['viewer'], siteIds: [f.siteId], mustChangePassword: true });
    expect(created.vmsUsernames).toHaveLength(2);
    const list = await admin.get('/admin/users');
    expect(list.body).toContain('Tuula Virtanen');
    // Displayed as stored, escaped as text.
    for (const name of created.vmsUsernames) expect(list.body).toContain(name.replace('&', '&amp;'));
    const person = new PageClient(t);
    const signIn = await person.signIn('tvirtanen', 'tilapäinen salasana 1');
    expect(signIn.headers.location).toBe('/account');
  });

  it('edits roles and camera-system names, disables and enables, sets a password', async () => {
    const id = (await users()).find((u) => u.username === 'tvirtanen')!.id;
    await admin.get(`/admin/users/${id}`);
    const saved = await admin.post(`/admin/users/${id}`, {
      displayName: 'Tuula Virtanen',
      roles: ['viewer', 'responsible'],
      siteIds: [f.siteId],
      vmsUsernames: 'tvirtanen',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await users()).find((u) => u.id === id)).toMatchObject({ roles: ['viewer', 'responsible'] });
    const taken = await admin.post(`/admin/users/${id}`, {
      displayName: 'Tuula Virtanen',
      roles: ['viewer'],
      vmsUsernames: 'TVIRTANEN\n',
      siteIds: [],
    });
    expect(taken.statusCode).toBe(303);
    expect((await admin.post(`/admin/users/${id}/disabled`, { value: 'true' })).statusCode).toBe(303);
    expect((await users()).find((u) => u.id === id)?.disabled).toBe(true);
    expect((await admin.get(`/admin/users/${id}?disabled`)).body).toContain(
      'Käyttäjä on poistettu käytöstä.',
    );
    expect((await admin.post(`/admin/users/${id}/disabled`, { value: 'false' })).statusCode).toBe(303);
    expect((await users()).find((u) => u.id === id)?.disabled).toBe(false);
    const short = await admin.post(`/admin/users/${id}/password`, { password: 'lyhyt' });
    expect(short.statusCode).toBe(422);
    expect(textOf(short.body, 'password-error')).toBe('Kirjoita vähintään 12 merkkiä.');
    expect(
      (await admin.post(`/admin/users/${id}/password`, { password: 'uusi tilapäinen salasana' })).statusCode,
    ).toBe(303);
    const person = new PageClient(t);
    expect((await person.signIn('tvirtanen', 'uusi tilapäinen salasana')).headers.location).toBe('/account');
  });

  it('does not let the admin disable themselves or drop their own admin role', async () => {
    const me = (await users()).find((u) => u.username === 'admin')!;
    await admin.get(`/admin/users/${me.id}`);
    const res = await admin.post(`/admin/users/${me.id}/disabled`, { value: 'true' });
    expect(res.statusCode).toBe(422);
    expect((await users()).find((u) => u.id === me.id)?.disabled).toBe(false);
    const roles = await admin.post(`/admin/users/${me.id}`, {
      displayName: 'Administrator',
      roles: ['auditor'],
      vmsUsernames: '',
    });
    expect(roles.statusCode).toBe(422);
    expect((await users()).find((u) => u.id === me.id)?.roles).toEqual(['admin']);
  });

  it('unlocks an account locked by wrong passwords, the button shown only while locked', async () => {
    const person = new PageClient(t);
    for (let i = 0; i < 2; i++) await person.signIn(f.responsible.username, 'wrong password here');
    expect((await person.signIn(f.responsible.username, userPassword)).statusCode).toBe(401);
    const page = await admin.get(`/admin/users/${f.responsible.id}`);
    expect(page.body).toContain(`action="/admin/users/${f.responsible.id}/unlock"`);
    expect((await admin.post(`/admin/users/${f.responsible.id}/unlock`, {})).statusCode).toBe(303);
    expect((await admin.get(`/admin/users/${f.responsible.id}`)).body).not.toContain('/unlock"');
    expect((await person.signIn(f.responsible.username, userPassword)).statusCode).toBe(303);
  });

  it('adds a site and a camera, edits the camera and deactivates it; the viewing form no longer offers it', async () => {
    await admin.get('/admin/sites');
    const empty = await admin.post('/admin/sites', { name: '', municipality: '' });
    expect(empty.statusCode).toBe(422);
    expect(textOf(empty.body, 'name-error')).toBe('Tämä tieto puuttuu.');
    expect(
      (await admin.post('/admin/sites', { name: 'Sysmä omatoimikirjasto', municipality: 'Sysmä' }))
        .statusCode,
    ).toBe(303);
    const sites = (await call(t, t.adminToken, 'GET', '/api/v1/sites')).json<{
      items: { id: string; name: string }[];
    }>().items;
    expect(sites.map((s) => s.name)).toContain('Sysmä omatoimikirjasto');

    await admin.get(`/admin/sites/${f.siteId}`);
    const added = await admin.post(`/admin/sites/${f.siteId}/cameras`, {
      name: 'Piha',
      vmsNames: 'Lahti Yard <1>',
    });
    expect(added.statusCode, added.body).toBe(303);
    const site = await admin.get(`/admin/sites/${f.siteId}`);
    // Stored text is shown as text, never as markup.
    expect(site.body).toMatch(/yard &lt;1/i);
    expect(site.body).not.toContain('<1>');
    const cameras = (await call(t, f.viewer.token, 'GET', `/api/v1/cameras?siteId=${f.siteId}`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const yard = cameras.find((c) => c.name === 'Piha')!;
    const dup = await admin.post(`/admin/cameras/${yard.id}`, {
      name: cameras.find((c) => c.id === f.cameraIds[0])!.name,
      vmsNames: '',
    });
    expect(dup.statusCode).toBe(422);
    expect(textOf(dup.body, 'name-error')).toBe('Kohteessa on jo samanniminen kamera.');
    expect(
      (await admin.post(`/admin/cameras/${yard.id}`, { name: 'Piha ja pysäköinti', vmsNames: 'Yard' }))
        .statusCode,
    ).toBe(303);

    expect((await viewer.get('/viewings/new')).body).toContain(`value="${yard.id}"`);
    expect((await admin.post(`/admin/cameras/${yard.id}/deactivate`, {})).statusCode).toBe(303);
    const camera = await admin.get(`/admin/cameras/${yard.id}?deactivated`);
    expect(camera.body).toContain('Kamera on poistettu käytöstä.');
    expect(camera.body).not.toContain('/deactivate"');
    expect((await viewer.get('/viewings/new')).body).not.toContain(`value="${yard.id}"`);
    expect((await admin.get(`/admin/sites/${f.siteId}`)).body).toContain('Piha ja pysäköinti');
  });

  it('shows the retention status (R1) to the admin', async () => {
    const page = await admin.get('/admin/retention');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('336 tunnin kuluttua');
    expect(page.body).toContain('Viimeisin poistoajo');
    expect(page.body).toContain('Kaikki säilytysajan ylittäneet tiedot on poistettu.');
    expect(page.body).toContain('Kirjastokorttien luennat');
  });
});
