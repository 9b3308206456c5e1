import { type Lang, langValues } from '../labels/index.js';

export { type Lang, langValues };

/**
 * Every text the ledger workbook writes, in Finnish (the default: the register notice is
 * Finnish), Swedish and English. The six item headings of the protocol sheet are the
 * register notice's own words (R7); the importer recognises all three languages, so a
 * workbook exported in any of them can be read back.
 */

/** The protocol sheet's columns in order: the six items of R7 (some over several columns), then bookkeeping. */
export const protocolKeys = [
  'seq',
  'viewedAt',
  'viewedUntil',
  'description',
  'site',
  'cameras',
  'footageFrom',
  'footageTo',
  'footageTimeEstimated',
  'grounds',
  'justification',
  'decidedBy',
  'viewer',
  'requester',
  'requestDecision',
  'recordedAt',
  'late',
  'lateByMinutes',
  'delayReason',
  'amendments',
  'voided',
  'requestReference',
  'source',
  'entryId',
] as const;
export type ProtocolKey = (typeof protocolKeys)[number];

export const protocolHeadings: Record<Lang, Record<ProtocolKey, string>> = {
  fi: {
    seq: 'Kirjanpidon nro',
    viewedAt: 'Katselupäivä ja kellonaika',
    viewedUntil: 'Katselu päättyi',
    description: 'Katseltava asia sekä päivämäärä ja kellonaika',
    site: 'Toimipiste',
    cameras: 'Kamerat',
    footageFrom: 'Tallenteen alku',
    footageTo: 'Tallenteen loppu',
    footageTimeEstimated: 'Aika on arvio',
    grounds: 'Katselun peruste',
    justification: 'Perustelu',
    decidedBy: 'Katselusta päättäneen henkilön nimi',
    viewer: 'Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi',
    requester: 'Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys',
    requestDecision: 'Pyyntö hyväksytty tai hylätty',
    entryId: 'Kirjauksen tunniste (UUID)',
    recordedAt: 'Kirjattu',
    late: 'Kirjattu myöhässä (R5)',
    lateByMinutes: 'Myöhästyminen, min',
    delayReason: 'Myöhästymisen syy',
    amendments: 'Korjaukset (alkuperäiset tiedot näkyvissä)',
    voided: 'Mitätöity',
    requestReference: 'Pyynnön viite',
    source: 'Kirjauksen lähde',
  },
  sv: {
    seq: 'Bokföringens nr',
    viewedAt: 'Datum och klockslag för granskningen',
    viewedUntil: 'Granskningen slutade',
    description: 'Det som granskades samt datum och klockslag',
    site: 'Verksamhetsställe',
    cameras: 'Kameror',
    footageFrom: 'Inspelning från',
    footageTo: 'Inspelning till',
    footageTimeEstimated: 'Tiden är uppskattad',
    grounds: 'Grund för granskningen',
    justification: 'Motivering',
    decidedBy: 'Namn på den som beslutade om granskningen',
    viewer: 'Namn på den ansvariga personen eller användaren som utförde granskningen',
    requester: 'Namn på utomstående som begärt granskning samt om begäran godkändes eller avslogs',
    requestDecision: 'Begäran godkänd eller avslagen',
    entryId: 'Anteckningens id (UUID)',
    recordedAt: 'Registrerad',
    late: 'Antecknad för sent (R5)',
    lateByMinutes: 'Försening, min',
    delayReason: 'Orsak till förseningen',
    amendments: 'Rättelser (ursprungliga uppgifter synliga)',
    voided: 'Makulerad',
    requestReference: 'Begärans referens',
    source: 'Källa',
  },
  en: {
    seq: 'Ledger no.',
    viewedAt: 'Viewing date and time',
    viewedUntil: 'Viewing ended',
    description: 'Matter viewed, with its date and time',
    site: 'Site',
    cameras: 'Cameras',
    footageFrom: 'Footage from',
    footageTo: 'Footage to',
    footageTimeEstimated: 'Time estimated',
    grounds: 'Grounds for the viewing',
    justification: 'Justification',
    decidedBy: 'Name of the person who decided on the viewing',
    viewer: 'Name of the responsible person or user who performed the viewing',
    requester: 'Name of the outside requester and whether the request was accepted or rejected',
    requestDecision: 'Request accepted or rejected',
    entryId: 'Entry id (UUID)',
    recordedAt: 'Recorded at',
    late: 'Recorded late (R5)',
    lateByMinutes: 'Late by, min',
    delayReason: 'Reason for the delay',
    amendments: 'Amendments (original kept visible)',
    voided: 'Void',
    requestReference: 'Request reference',
    source: 'Source',
  },
};

export const sheetNames: Record<
  Lang,
  Record<
    'protocol' | 'rights' | 'requests' | 'copies' | 'findings' | 'tombstones' | 'accessLog' | 'about',
    string
  >
> = {
  fi: {
    protocol: 'Katselupöytäkirja',
    rights: 'Katseluoikeudet',
    requests: 'Ulkopuoliset pyynnöt',
    copies: 'Kopiot',
    findings: 'Täsmäytyksen havainnot',
    tombstones: 'Säilytysajan poistot',
    accessLog: 'Käyttöloki',
    about: 'Tietoa tiedostosta',
  },
  sv: {
    protocol: 'Granskningsprotokoll',
    rights: 'Granskningsrätter',
    requests: 'Utomstående begäranden',
    copies: 'Kopior',
    findings: 'Avstämningsfynd',
    tombstones: 'Raderingar efter lagringstid',
    accessLog: 'Åtkomstlogg',
    about: 'Om filen',
  },
  en: {
    protocol: 'Protocol',
    rights: 'Viewing rights',
    requests: 'Outside requests',
    copies: 'Copies',
    findings: 'Reconciliation findings',
    tombstones: 'Retention tombstones',
    accessLog: 'Access log',
    about: 'About this file',
  },
};

/** Short words the sheets write in cells. */
export const words: Record<
  Lang,
  {
    yes: string;
    no: string;
    accepted: string;
    rejected: string;
    registered: string;
    closed: string;
    service: string;
    imported: string;
    row: string;
    rejectedNoViewing: string;
    reason: string;
    viewing: string;
    copy: string;
    made: string;
    delivered: string;
    destroyed: string;
    voided: string;
    confirmationNotNeeded: string;
    confirmationAwaited: string;
    confirmedBy: string;
    success: string;
    denied: string;
    failed: string;
  }
> = {
  fi: {
    yes: 'kyllä',
    no: 'ei',
    accepted: 'hyväksytty',
    rejected: 'hylätty',
    registered: 'vastaanotettu',
    closed: 'suljettu',
    service: 'palvelu',
    imported: 'tuotu',
    row: 'rivi',
    rejectedNoViewing: 'Ulkopuolinen pyyntö hylätty, ei katselua',
    reason: 'syy',
    viewing: 'katselu',
    copy: 'kopio',
    made: 'tehty',
    delivered: 'luovutettu',
    destroyed: 'hävitetty',
    voided: 'MITÄTÖITY',
    confirmationNotNeeded: 'ei tarvita',
    confirmationAwaited: 'odottaa vahvistusta; oikeus ei ole voimassa',
    confirmedBy: 'vahvistanut',
    success: 'onnistui',
    denied: 'evätty',
    failed: 'epäonnistui',
  },
  sv: {
    yes: 'ja',
    no: 'nej',
    accepted: 'godkänd',
    rejected: 'avslagen',
    registered: 'mottagen',
    closed: 'avslutad',
    service: 'tjänsten',
    imported: 'importerad',
    row: 'rad',
    rejectedNoViewing: 'Utomstående begäran avslagen, ingen granskning',
    reason: 'orsak',
    viewing: 'granskning',
    copy: 'kopia',
    made: 'gjord',
    delivered: 'överlämnad',
    destroyed: 'förstörd',
    voided: 'MAKULERAD',
    confirmationNotNeeded: 'behövs inte',
    confirmationAwaited: 'väntar på bekräftelse; rätten gäller inte',
    confirmedBy: 'bekräftad av',
    success: 'lyckades',
    denied: 'nekad',
    failed: 'misslyckades',
  },
  en: {
    yes: 'yes',
    no: 'no',
    accepted: 'accepted',
    rejected: 'rejected',
    registered: 'registered',
    closed: 'closed',
    service: 'service',
    imported: 'imported',
    row: 'row',
    rejectedNoViewing: 'Outside request rejected, no viewing',
    reason: 'reason',
    viewing: 'viewing',
    copy: 'copy',
    made: 'made',
    delivered: 'delivered',
    destroyed: 'destroyed',
    voided: 'VOID',
    confirmationNotNeeded: 'not needed',
    confirmationAwaited: 'awaiting confirmation; the right is not in force',
    confirmedBy: 'confirmed by',
    success: 'success',
    denied: 'denied',
    failed: 'failed',
  },
};

/** Excel number formats of the date-time cells; the value is always Europe/Helsinki wall-clock time. */
export const dateTimeFormats: Record<Lang, string> = {
  fi: 'd.m.yyyy h:mm',
  sv: 'yyyy-mm-dd hh:mm',
  en: 'yyyy-mm-dd hh:mm',
};
