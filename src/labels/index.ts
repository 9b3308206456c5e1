/**
 * What the service's codes are called in Finnish, Swedish and English: the words a person reads
 * for a stored code, shared by the web pages and the Excel ledger so that one code has one
 * wording everywhere. Wording only one of them needs stays in its own catalog
 * (src/web/messages, src/export/headings.ts).
 */

import type { Grounds } from '../protocol/index.js';
import type { FindingKind } from '../reconcile/index.js';
import type { channelValues } from '../requests/index.js';
import type { VmsAction } from '../vms/index.js';

export const langValues = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof langValues)[number];

type Channel = (typeof channelValues)[number];

/** Kinds of data the retention purge deletes (R1 R10), as its tombstones count them. */
export type PurgedKind = 'segment' | 'card_read' | 'plate_read' | 'vms_event' | 'access_log';

export interface CodeLabels {
  /** R9 categories. */
  grounds: Record<Grounds, string>;
  /** How an outside request arrived. */
  channel: Record<Channel, string>;
  /** R6 findings. */
  findingKind: Record<FindingKind, string>;
  /** What a camera-system user did. */
  vmsAction: Record<VmsAction, string>;
  purgedKind: Record<PurgedKind, string>;
}

export const codeLabels: Record<Lang, CodeLabels> = {
  fi: {
    grounds: {
      crime_investigation: 'Rikoksen selvittäminen',
      accident_investigation: 'Onnettomuuden selvittäminen',
      danger_or_threat: 'Vaara- tai uhkatilanne',
      police_request: 'Poliisin pyyntö',
      data_subject_request: 'Rekisteröidyn tarkastuspyyntö',
    },
    channel: {
      phone: 'puhelin',
      email: 'sähköposti',
      visit: 'käynti paikan päällä',
      letter: 'kirje',
      other: 'muu',
    },
    findingKind: {
      unknown_vms_user: 'Tuntematon kamerajärjestelmän käyttäjä',
      viewer_without_right: 'Katselijalla ei katseluoikeutta',
      unlogged_viewing: 'Kirjaamaton katselu',
      camera_mismatch: 'Kamera puuttuu kirjauksesta',
      footage_out_of_range: 'Tallennetta katseltu kirjatun ajan ulkopuolelta',
      entry_without_evidence: 'Kirjaukselle ei vastinetta kamerajärjestelmässä',
      late_entry: 'Myöhästynyt kirjaus',
      unlogged_export: 'Kirjaamaton tallenteen vienti',
      footage_past_retention: 'Tallennetta säilytetty yli säilytysajan',
      copy_not_destroyed: 'Kopio hävittämättä',
    },
    vmsAction: {
      playback: 'tallenteen katselu',
      export: 'tallenteen vienti',
      live: 'suora kuva',
      other: 'muu toiminto',
    },
    purgedKind: {
      segment: 'tallennejaksoja',
      card_read: 'kirjastokortin lukuja',
      plate_read: 'rekisterikilven lukuja',
      vms_event: 'kamerajärjestelmän tapahtumia',
      access_log: 'käyttölokin rivejä',
    },
  },
  sv: {
    grounds: {
      crime_investigation: 'Utredning av brott',
      accident_investigation: 'Utredning av olycka',
      danger_or_threat: 'Farlig eller hotfull situation',
      police_request: 'Polisens begäran',
      data_subject_request: 'Den registrerades begäran om insyn',
    },
    channel: {
      phone: 'telefon',
      email: 'e-post',
      visit: 'besök',
      letter: 'brev',
      other: 'annat',
    },
    findingKind: {
      unknown_vms_user: 'Okänd användare i kamerasystemet',
      viewer_without_right: 'Granskaren saknar granskningsrätt',
      unlogged_viewing: 'Granskning som inte antecknats',
      camera_mismatch: 'Kameran saknas i anteckningen',
      footage_out_of_range: 'Inspelning granskad utanför antecknad tid',
      entry_without_evidence: 'Anteckning utan motsvarighet i kamerasystemet',
      late_entry: 'Försenad anteckning',
      unlogged_export: 'Export av inspelning som inte antecknats',
      footage_past_retention: 'Inspelning sparad längre än lagringstiden',
      copy_not_destroyed: 'Kopian inte förstörd',
    },
    vmsAction: {
      playback: 'granskning av inspelning',
      export: 'export av inspelning',
      live: 'direktbild',
      other: 'annan åtgärd',
    },
    purgedKind: {
      segment: 'inspelningsavsnitt',
      card_read: 'läsningar av bibliotekskort',
      plate_read: 'läsningar av registreringsskyltar',
      vms_event: 'händelser i kamerasystemet',
      access_log: 'rader i åtkomstloggen',
    },
  },
  en: {
    grounds: {
      crime_investigation: 'Investigating a crime',
      accident_investigation: 'Investigating an accident',
      danger_or_threat: 'Danger or threat',
      police_request: 'Police request',
      data_subject_request: 'Data subject’s access request',
    },
    channel: {
      phone: 'phone',
      email: 'email',
      visit: 'in person',
      letter: 'letter',
      other: 'other',
    },
    findingKind: {
      unknown_vms_user: 'Unknown camera-system user',
      viewer_without_right: 'Viewer without a viewing right',
      unlogged_viewing: 'Viewing not in the ledger',
      camera_mismatch: 'Camera missing from the entry',
      footage_out_of_range: 'Footage viewed outside the period recorded',
      entry_without_evidence: 'Entry with no trace in the camera system',
      late_entry: 'Late entry',
      unlogged_export: 'Export not in the ledger',
      footage_past_retention: 'Footage kept past retention',
      copy_not_destroyed: 'Copy not destroyed',
    },
    vmsAction: {
      playback: 'playback',
      export: 'export',
      live: 'live view',
      other: 'other action',
    },
    purgedKind: {
      segment: 'recording segments',
      card_read: 'library card reads',
      plate_read: 'number plate reads',
      vms_event: 'camera-system events',
      access_log: 'access log rows',
    },
  },
};

/** A code's label, or the code itself for a value this version does not know (an old row). */
export function labelOf<K extends keyof CodeLabels>(lang: Lang, kind: K, code: string): string {
  return (codeLabels[lang][kind] as Record<string, string>)[code] ?? code;
}
