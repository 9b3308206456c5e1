import type { Grounds } from '../protocol/index.js';

/**
 * Every text the ledger workbook writes, in Finnish (the default: the register notice is
 * Finnish), Swedish and English. The six item headings of the protocol sheet are the
 * register notice's own words (R7); the importer recognises all three languages, so a
 * workbook exported in any of them can be read back.
 */
export const langValues = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof langValues)[number];

/** The protocol sheet's columns in order: the six items of R7 (some over several columns), then bookkeeping. */
export const protocolKeys = [
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
  'entryId',
  'recordedAt',
  'late',
  'lateByMinutes',
  'delayReason',
  'amendments',
  'voided',
  'requestReference',
  'source',
] as const;
export type ProtocolKey = (typeof protocolKeys)[number];

export const protocolHeadings: Record<Lang, Record<ProtocolKey, string>> = {
  fi: {
    viewedAt: 'Katselupäivä ja kellonaika',
    viewedUntil: 'Katselu päättyi',
    description: 'Katseltava asia sekä päivämäärä ja kellonaika',
    site: 'Toimipiste',
    cameras: 'Kamerat',
    footageFrom: 'Tallenne alkaen',
    footageTo: 'Tallenne päättyen',
    footageTimeEstimated: 'Aika arviolta',
    grounds: 'Katselun peruste',
    justification: 'Perustelu',
    decidedBy: 'Katselusta päättäneen henkilön nimi',
    viewer: 'Katselua suorittaneen vastuuhenkilön tai käyttäjän nimi',
    requester: 'Ulkopuolisen pyytäjän nimi ja pyynnön hyväksyntä tai hylkäys',
    requestDecision: 'Pyyntö hyväksytty tai hylätty',
    entryId: 'Merkinnän tunniste',
    recordedAt: 'Kirjattu',
    late: 'Myöhässä (R5)',
    lateByMinutes: 'Myöhässä, min',
    delayReason: 'Myöhästymisen syy',
    amendments: 'Korjaukset (alkuperäinen näkyvissä)',
    voided: 'Mitätöity',
    requestReference: 'Pyynnön viite',
    source: 'Lähde',
  },
  sv: {
    viewedAt: 'Datum och klockslag för granskningen',
    viewedUntil: 'Granskningen slutade',
    description: 'Det som granskades samt datum och klockslag',
    site: 'Verksamhetsställe',
    cameras: 'Kameror',
    footageFrom: 'Inspelning från',
    footageTo: 'Inspelning till',
    footageTimeEstimated: 'Tiden uppskattad',
    grounds: 'Grund för granskningen',
    justification: 'Motivering',
    decidedBy: 'Namn på den som beslutade om granskningen',
    viewer: 'Namn på den ansvariga personen eller användaren som utförde granskningen',
    requester: 'Utomstående begärandes namn och om begäran godkändes eller avslogs',
    requestDecision: 'Begäran godkänd eller avslagen',
    entryId: 'Anteckningens id',
    recordedAt: 'Registrerad',
    late: 'Försenad (R5)',
    lateByMinutes: 'Försenad, min',
    delayReason: 'Orsak till förseningen',
    amendments: 'Rättelser (originalet synligt)',
    voided: 'Makulerad',
    requestReference: 'Begärans referens',
    source: 'Källa',
  },
  en: {
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
    entryId: 'Entry id',
    recordedAt: 'Recorded at',
    late: 'Late (R5)',
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
  Record<'protocol' | 'requests' | 'copies' | 'findings' | 'tombstones' | 'about', string>
> = {
  fi: {
    protocol: 'Katselupöytäkirja',
    requests: 'Ulkopuoliset pyynnöt',
    copies: 'Kopiot',
    findings: 'Täsmäytyksen havainnot',
    tombstones: 'Säilytysajan poistot',
    about: 'Tietoa tiedostosta',
  },
  sv: {
    protocol: 'Granskningsprotokoll',
    requests: 'Utomstående begäranden',
    copies: 'Kopior',
    findings: 'Avstämningsfynd',
    tombstones: 'Raderingar efter lagringstid',
    about: 'Om filen',
  },
  en: {
    protocol: 'Protocol',
    requests: 'Outside requests',
    copies: 'Copies',
    findings: 'Reconciliation findings',
    tombstones: 'Retention tombstones',
    about: 'About this file',
  },
};

export const groundsLabels: Record<Lang, Record<Grounds, string>> = {
  fi: {
    crime_investigation: 'Rikoksen selvittäminen',
    accident_investigation: 'Onnettomuuden selvittäminen',
    danger_or_threat: 'Vaara- tai uhkatilanteen selvittäminen tai ehkäisy',
    police_request: 'Poliisin pyyntö',
    data_subject_request: 'Rekisteröidyn tarkastuspyyntö',
  },
  sv: {
    crime_investigation: 'Utredning av brott',
    accident_investigation: 'Utredning av olycka',
    danger_or_threat: 'Utredning eller förebyggande av farlig eller hotfull situation',
    police_request: 'Polisens begäran',
    data_subject_request: 'Den registrerades begäran om insyn',
  },
  en: {
    crime_investigation: 'Crime investigation',
    accident_investigation: 'Accident investigation',
    danger_or_threat: 'Investigating or preventing a dangerous or threatening situation',
    police_request: 'Police request',
    data_subject_request: 'Data subject access request',
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
  },
};

/** Excel number formats of the date-time cells; the value is always Europe/Helsinki wall-clock time. */
export const dateTimeFormats: Record<Lang, string> = {
  fi: 'd.m.yyyy h:mm',
  sv: 'yyyy-mm-dd hh:mm',
  en: 'yyyy-mm-dd hh:mm',
};
