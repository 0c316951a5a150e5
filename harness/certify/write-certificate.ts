// Writes the certificate as data and as a page: certificate.json (redacted) and certificate.html.
// Apart from certificate.ts so that the page (html.ts), which reads the certificate's type, and the
// certificate do not import each other.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactDeep } from '../../reports/index.ts';
import type { Certificate } from './certificate.ts';
import { certificateHtml } from './html.ts';

export interface CertificatePaths {
  json: string;
  html: string;
}

/** Writes certificate.json and certificate.html into `dir`, both redacted. */
export async function writeCertificate(c: Certificate, dir = 'reports/out'): Promise<CertificatePaths> {
  await mkdir(dir, { recursive: true });
  const paths = { json: join(dir, 'certificate.json'), html: join(dir, 'certificate.html') };
  await Promise.all([writeFile(paths.json, `${JSON.stringify(redactDeep(c), null, 2)}\n`), writeFile(paths.html, certificateHtml(c))]);
  return paths;
}
