import type { Grounds } from '../protocol/index.js';

/**
 * R9: grounds as librarians write them in their own ledgers, in Finnish and Swedish, mapped to
 * the five categories. The categories' own labels in fi, sv and en (src/labels) are known
 * besides these; a mapping file's `grounds` adds a library's own words and wins over both.
 * A text that only begins with one of these (`Poliisin pyyntö: varkaus`) keeps the rest as
 * its justification.
 */
export const writtenGrounds: Readonly<Record<string, Grounds>> = {
  // crime
  'rikoksen selvittäminen': 'crime_investigation',
  'rikoksen selvitys': 'crime_investigation',
  rikosepäily: 'crime_investigation',
  rikos: 'crime_investigation',
  ilkivalta: 'crime_investigation',
  vahingonteko: 'crime_investigation',
  varkaus: 'crime_investigation',
  'varkauden selvittäminen': 'crime_investigation',
  murto: 'crime_investigation',
  brottsutredning: 'crime_investigation',
  'utredning av brott': 'crime_investigation',
  brott: 'crime_investigation',
  skadegörelse: 'crime_investigation',
  stöld: 'crime_investigation',
  // accident
  'tapaturman selvittäminen': 'accident_investigation',
  'onnettomuuden selvittäminen': 'accident_investigation',
  tapaturma: 'accident_investigation',
  onnettomuus: 'accident_investigation',
  olycksfallsutredning: 'accident_investigation',
  'utredning av olycksfall': 'accident_investigation',
  'utredning av olycka': 'accident_investigation',
  olycksfall: 'accident_investigation',
  olycka: 'accident_investigation',
  // danger or threat
  'vaaratilanteen selvittäminen': 'danger_or_threat',
  'uhkatilanteen selvittäminen': 'danger_or_threat',
  'vaara- tai uhkatilanteen selvittäminen': 'danger_or_threat',
  'vaara- tai uhkatilanteen selvittäminen tai ehkäisy': 'danger_or_threat',
  vaaratilanne: 'danger_or_threat',
  uhkatilanne: 'danger_or_threat',
  'uhkaava tilanne': 'danger_or_threat',
  häiriökäyttäytyminen: 'danger_or_threat',
  järjestyshäiriö: 'danger_or_threat',
  'farlig situation': 'danger_or_threat',
  'hotfull situation': 'danger_or_threat',
  'hotande situation': 'danger_or_threat',
  'utredning eller förebyggande av farlig eller hotfull situation': 'danger_or_threat',
  // police
  'poliisin pyyntö': 'police_request',
  'poliisin pyynnöstä': 'police_request',
  'poliisin virka-apupyyntö': 'police_request',
  'poliisi pyysi': 'police_request',
  poliisi: 'police_request',
  'polisens begäran': 'police_request',
  'på polisens begäran': 'police_request',
  polisen: 'police_request',
  // data subject
  'rekisteröidyn pyyntö': 'data_subject_request',
  'rekisteröidyn tarkastuspyyntö': 'data_subject_request',
  tarkastuspyyntö: 'data_subject_request',
  'tietopyyntö omista tiedoista': 'data_subject_request',
  'den registrerades begäran': 'data_subject_request',
  'begäran om insyn': 'data_subject_request',
  insynsbegäran: 'data_subject_request',
};
