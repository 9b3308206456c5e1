import fs from 'node:fs';
import path from 'node:path';
import { type KeySettings, keyFileNames, keyFilesInUse, keySettingMembers } from '../auth/index.js';
import { BackupError } from './errors.js';
import type { Manifest } from './manifest.js';

/** Every name a key file has in an archive: the data folder's files, and those settings name. */
const keyMemberNames = new Set<string>([...Object.values(keyFileNames), ...Object.values(keySettingMembers)]);

export interface KeyPlacement {
  member: string;
  to: string;
}

/**
 * Where each key file of a backup goes: where the restoring service will read it. Checked
 * before anything is written. A data folder's key must not exist yet (restore only into an
 * empty DATA_DIR); a file a setting names may exist already, holding the very same keys (the
 * instances' shared file), and is then left as it is.
 */
export function placeKeyMembers(settings: KeySettings, manifest: Manifest, unpacked: string): KeyPlacement[] {
  const inUse = keyFilesInUse(settings);
  const placements: KeyPlacement[] = [];
  for (const { name } of manifest.members.filter((m) => keyMemberNames.has(m.name))) {
    const target = inUse.find((k) => k.member === name);
    if (!target) {
      const setting = Object.entries(keySettingMembers).find(([, member]) => member === name)?.[0];
      throw new BackupError(
        setting
          ? `the backup holds the keys of ${setting}: set ${setting} to the file they are to be restored to`
          : `the backup holds the data folder's ${name}, but a setting names another key file: unset it to restore into DATA_DIR`,
      );
    }
    if (fs.existsSync(target.file)) {
      const same = fs.readFileSync(target.file).equals(fs.readFileSync(path.join(unpacked, name)));
      if (target.setting && same) continue;
      throw new BackupError(
        target.setting
          ? `${target.setting} ${target.file} holds other keys than the backup's: restore them to a new file`
          : `${target.file} exists: restore only into an empty DATA_DIR`,
      );
    }
    placements.push({ member: name, to: target.file });
  }
  return placements;
}

/** Writes the key files placed, readable by the service's user only. */
export function writeKeyMembers(placements: KeyPlacement[], unpacked: string): void {
  for (const { member, to } of placements) {
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    fs.copyFileSync(path.join(unpacked, member), to, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(to, 0o600);
  }
}
