import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, invalid } from '../errors.js';

/**
 * Where uploads are spooled while a request runs: inside the data folder (mode 0700), not
 * the system's temporary folder, so that what a killed process leaves behind is found and
 * removed at the next start (`clearUploadSpool`) instead of staying forever.
 */
function uploadSpool(dataDir: string): string {
  return path.join(dataDir, 'tmp');
}

/**
 * Removes the uploads a stopped or killed process left in the spool; run at server start,
 * before listening. Instances sharing one data folder would remove each other's uploads
 * in progress, so each instance needs its own (with copies of the key files).
 */
export async function clearUploadSpool(dataDir: string): Promise<void> {
  await rm(uploadSpool(dataDir), { recursive: true, force: true });
}

export interface Upload<F> {
  /** The uploaded file, spooled to a private temporary folder (readers need a path). */
  path: string;
  fileName: string;
  fields: F;
}

export interface UploadLimit {
  maxBytes: number;
  /** The setting of `maxBytes`, named when a file is refused. */
  setting: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The largest file the routes of this plugin take (acceptUploads). */
    uploadLimit: UploadLimit;
  }
}

/**
 * Lets the routes of the calling plugin (and only those: plugins are encapsulated) take one
 * uploaded file of at most `limit.maxBytes` with a few text fields of at most `fieldSize` bytes.
 */
export async function acceptUploads(app: FastifyInstance, limit: UploadLimit, fieldSize: number) {
  await app.register(multipart, { limits: { fileSize: limit.maxBytes, files: 1, fields: 10, fieldSize } });
  app.decorate('uploadLimit', limit);
}

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The form of a multipart upload route, for the document only: the route reads its parts
     * itself (`withUpload`), so Fastify must not validate a body.
     */
    multipartForm?: z.ZodType;
  }
}

/** The documented form of an upload: the text fields `withUpload` validates, and the file. */
export function uploadForm<S extends z.ZodObject>(fields: S) {
  return fields.extend({
    file: z.string().meta({ format: 'binary', description: 'The file, as the last part of the form.' }),
  });
}

/** A file over the limit, as a problem that names the limit. */
function tooLarge(request: FastifyRequest, err: unknown): unknown {
  if ((err as { code?: unknown }).code !== 'FST_REQ_FILE_TOO_LARGE') return err;
  const { maxBytes, setting } = request.server.uploadLimit;
  return new DomainError(
    'payload_too_large',
    `the file is larger than ${maxBytes} bytes; the limit ${setting} is ${maxBytes}`,
    { field: 'file', params: { limit: setting, value: maxBytes } },
  );
}

/**
 * Receives a multipart upload of one `file` and text fields, validates the fields, runs
 * `fn`, and removes the temporary file whatever happens. Needs @fastify/multipart
 * registered in the route's scope (`acceptUploads`).
 */
export async function withUpload<S extends z.ZodType, T>(
  request: FastifyRequest,
  fieldsSchema: S,
  fn: (upload: Upload<z.output<S>>) => Promise<T>,
): Promise<T> {
  const spool = uploadSpool(request.server.config.dataDir);
  await mkdir(spool, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(spool, 'upload-'));
  try {
    const fields: Record<string, string> = {};
    let fileName: string | null = null;
    const file = path.join(dir, 'upload');
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalid(part.fieldname, 'the file goes in the field `file`');
        fileName = part.filename || 'upload';
        await pipeline(part.file, createWriteStream(file));
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (fileName === null) throw invalid('file', 'a file is required');
    const parsed = fieldsSchema.safeParse(fields);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const keys = first && 'keys' in first ? (first.keys as string[]) : [];
      throw invalid(keys[0] ?? String(first?.path[0] ?? 'form'), first?.message ?? 'invalid form');
    }
    return await fn({ path: file, fileName, fields: parsed.data as z.output<S> });
  } catch (err) {
    throw tooLarge(request, err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
