import { ApiError } from '../../api';
import type { Attachment } from './data';

type Problem = Partial<Attachment> & {
  detail?: string;
  errors?: { path: string; message: string }[];
};

/**
 * Uploads one file to POST /attachments (multipart, field "file"), telling its progress:
 * fetch, and so openapi-fetch, cannot report an upload's progress; XMLHttpRequest can. It
 * sends the session cookie (same origin, XHR's default) and the header the API asks of
 * cookie sessions. A refusal (413 too large, 415 a kind not taken) is an ApiError with the
 * API's words; a lost connection one with `offline`.
 */
export function uploadFile(
  file: File,
  onProgress: (percent: number) => void,
  offline: string,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/attachments');
    xhr.setRequestHeader('x-ijro-csrf', '1');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const body = xhr.response as Problem | null;
      if (xhr.status === 201 && body) return resolve(body as Attachment);
      reject(new ApiError(xhr.status, body?.detail ?? xhr.statusText, body?.errors ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, offline));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
