import { describe, expect, it } from 'vitest';
import { entry, event, HOUR, kinds, MINUTE, only, run, T0 } from './builders.js';

describe('reconcile name matching', () => {
  const logged = [entry('e1', T0 + 5 * MINUTE)];

  it('matches a VMS user whatever the case and domain prefix', () => {
    for (const vmsUser of ['[BASIC]\\hkorhonen', 'HKORHONEN', 'OTHERDOMAIN\\HKorhonen']) {
      const result = run({ events: [event(1, T0, { vmsUser })], entries: logged });
      expect(result.findings).toEqual([]);
      expect(result.unmappedVmsUsers).toEqual([]);
    }
  });

  it('does not take a service username as a VMS name', () => {
    const result = run({
      staff: [{ userId: 'hkorhonen', vmsUsernames: [] }],
      rights: [{ userId: 'hkorhonen', siteId: 'lahti', validFrom: 0, validUntil: null }],
      entries: [entry('e1', T0, { viewerId: 'hkorhonen' })],
      events: [event(1, T0, { vmsUser: 'hkorhonen' })],
    });
    expect(kinds(result)).toEqual(['unknown_vms_user', 'entry_without_evidence']);
    expect(result.unmappedVmsUsers).toEqual(['hkorhonen']);
  });

  it('raises one unknown_vms_user per session, whatever the number of rows', () => {
    const events = [0, 1, 2].map((i) => event(i, T0 + i * MINUTE, { vmsUser: 'DOMAIN\\stranger' }));
    const result = run({ events });
    expect(only(result, 'unknown_vms_user')).toEqual([
      {
        kind: 'unknown_vms_user',
        siteId: 'lahti',
        vmsUser: 'DOMAIN\\stranger',
        from: T0,
        to: T0 + 2 * MINUTE,
        eventIds: ['0', '1', '2'],
        entryIds: [],
        copyIds: [],
        detail: { action: 'playback' },
      },
    ]);
    expect(kinds(result)).toEqual(['unknown_vms_user']);
  });

  it('attributes a VMS name claimed by two staff members to neither', () => {
    const staff = [
      { userId: 'u-heikki', vmsUsernames: ['hkorhonen'] },
      { userId: 'u-hanna', vmsUsernames: ['[BASIC]\\HKorhonen'] },
    ];
    const result = run({ staff, events: [event(1, T0)], entries: logged });
    expect(only(result, 'unknown_vms_user')).toMatchObject([
      { detail: { claimedBy: ['u-hanna', 'u-heikki'] } },
    ]);
    expect(result.unmappedVmsUsers).toEqual(['[BASIC]\\hkorhonen']);

    const single = run({ staff: staff.slice(0, 1), events: [event(1, T0)], entries: logged });
    expect(single.findings).toEqual([]);
  });

  it('matches cameras by vmsNames ignoring case and prefix', () => {
    const result = run({
      events: [event(1, T0, { cameraName: 'SERVER\\OMATOIMI-ITÄ SISÄÄNKÄYNTI' })],
      entries: logged,
    });
    expect(result.findings).toEqual([]);
    expect(result.unmappedCameraNames).toEqual([]);
  });

  it('keeps an event with an unmapped camera at its import site and reports the name', () => {
    const result = run({ events: [event(1, T0, { cameraName: 'Takapiha' })], entries: logged });
    // Covered at site level: an unmapped name is a mapping gap, not a camera mismatch.
    expect(result.findings).toEqual([]);
    expect(result.unmappedCameraNames).toEqual(['Takapiha']);

    const unlogged = run({ events: [event(1, T0, { cameraName: 'Takapiha' })] });
    expect(only(unlogged, 'unlogged_viewing')).toMatchObject([{ siteId: 'lahti' }]);
  });

  it('places an event naming no camera (Nx CSV) at its import site, matching at site level', () => {
    const result = run({ events: [event(1, T0, { cameraName: null })], entries: logged });
    expect(result.findings).toEqual([]);
    const elsewhere = run({ events: [event(1, T0, { cameraName: null, importSiteId: 'heinola' })] });
    expect(only(elsewhere, 'viewer_without_right')).toMatchObject([{ siteId: 'heinola' }]);
  });

  it("places an event naming a camera at that camera's site, not the import's", () => {
    const result = run({
      events: [event(1, T0, { importSiteId: 'heinola' })],
      entries: logged,
    });
    expect(result.findings).toEqual([]);
    const heinolaCamera = run({ events: [event(1, T0, { cameraName: 'Heinola Ovi' })], entries: logged });
    expect(only(heinolaCamera, 'viewer_without_right')).toMatchObject([{ siteId: 'heinola' }]);
  });

  it('resolves a camera name used at several sites by the import site', () => {
    const cameras = [
      { cameraId: 'cam-door', siteId: 'lahti', vmsNames: ['Sisäänkäynti'] },
      { cameraId: 'cam-heinola', siteId: 'heinola', vmsNames: ['Sisäänkäynti'] },
    ];
    const atLahti = run({
      cameras,
      events: [event(1, T0, { cameraName: 'Sisäänkäynti' })],
      entries: logged,
    });
    expect(atLahti.findings).toEqual([]);
    const atHeinola = run({
      cameras,
      events: [event(1, T0, { cameraName: 'Sisäänkäynti', importSiteId: 'heinola' })],
      entries: logged,
    });
    // The viewing happened at Heinola, so Lahti's entry has no evidence left.
    expect(kinds(atHeinola)).toEqual(['viewer_without_right', 'entry_without_evidence']);
    expect(only(atHeinola, 'viewer_without_right')).toMatchObject([{ siteId: 'heinola' }]);
    const atNeither = run({
      cameras,
      events: [event(1, T0, { cameraName: 'Sisäänkäynti', importSiteId: 'sysma' })],
      siteIds: ['lahti', 'heinola', 'sysma'],
    });
    expect(atNeither.unmappedCameraNames).toEqual(['Sisäänkäynti']);
    expect(only(atNeither, 'viewer_without_right')).toMatchObject([{ siteId: 'sysma' }]);
  });

  it('ignores events at sites out of scope, names included', () => {
    const result = run({
      siteIds: ['lahti'],
      events: [event(1, T0 + HOUR, { cameraName: 'Heinola Ovi', vmsUser: 'stranger' })],
    });
    expect(result.findings).toEqual([]);
    expect(result.unmappedVmsUsers).toEqual([]);
  });
});
