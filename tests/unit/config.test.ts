import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig, settingsTableMarkdown } from '../../src/config.js';

describe('config', () => {
  describe('settingsTableMarkdown', () => {
    it('has one described row per environment variable of the schema', () => {
      const table = settingsTableMarkdown();
      const names = Object.keys(envSchema.shape);
      expect(table.split('\n')).toHaveLength(names.length + 2);
      for (const [name, schema] of Object.entries(envSchema.shape)) {
        expect(schema.description, name).toBeTruthy();
        expect(table).toContain(`| \`${name}\` |`);
      }
    });
  });

  describe('loadConfig', () => {
    it('rejects PORT=abc with a message naming PORT', () => {
      expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    });

    it('takes the database from DATA_DIR by default: sqlite:<DATA_DIR>/cctv-ledger.db', () => {
      const dataDir = path.join(path.sep, 'srv', 'ledger-data');
      expect(loadConfig({ DATA_DIR: dataDir }).databaseUrl).toBe(
        `sqlite:${path.join(dataDir, 'cctv-ledger.db')}`,
      );
      expect(loadConfig({}).databaseUrl).toBe(`sqlite:${path.resolve('data', 'cctv-ledger.db')}`);
    });

    it('keeps an explicit DATABASE_URL and the contract defaults', () => {
      const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/ledger' });
      expect(config.databaseUrl).toBe('postgres://u@db:5432/ledger');
      expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: path.resolve('data') });
      expect(Object.isFrozen(config)).toBe(true);
    });
  });
});
