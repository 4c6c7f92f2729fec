import { z } from 'zod';
import { audit } from '../access';
import { HttpError } from '../errors';
import type { Action } from '../policy';
import type { Api } from '../route';
import { idParams, objectId } from '../schemas';

interface Stored {
  _id: unknown;
  toJSON(): unknown;
}

/** What differs between the registries (organizations, users); the routes are the same. */
export interface RegistryDef<I extends z.ZodType, P extends z.ZodType> {
  kind: 'organization' | 'user';
  path: string;
  tag: string;
  action: Action;
  input: I;
  patch: P;
  output: z.ZodType;
  /** The CSV columns, for the route's description. */
  columns: string;
  create: (input: z.infer<I>) => Promise<Stored>;
  load: (id: string) => Promise<Stored | null>;
  update: (id: string, patch: z.infer<P>) => Promise<Stored>;
  importCsv: (text: string) => Promise<{ imported: number; ids: string[] }>;
}

/** POST, PATCH and CSV import of a registry, each audited on the changed record's chain. */
export function registryRoutes<I extends z.ZodType, P extends z.ZodType>(
  api: Api,
  def: RegistryDef<I, P>,
): void {
  const common = { tag: def.tag, action: def.action };
  api.route(
    {
      ...common,
      method: 'post',
      path: def.path,
      summary: `Add a ${def.kind}`,
      body: def.input,
      status: 201,
      response: def.output,
      errors: [409, 422],
    },
    async ({ body }, req) => {
      const created = await def.create(body as z.infer<I>);
      const after = created.toJSON();
      const subject = `${def.kind}:${String(created._id)}`;
      await audit(req, { subject, action: `${def.kind}.create`, outcome: 'ok', after });
      return after;
    },
  );

  api.route(
    {
      ...common,
      method: 'patch',
      path: `${def.path}/:id`,
      summary: `Change a ${def.kind}`,
      params: idParams,
      body: def.patch,
      response: def.output,
      errors: [404, 409, 422],
    },
    async ({ params, body }, req) => {
      const current = await def.load(params.id);
      if (!current) throw new HttpError(404, `No such ${def.kind}.`);
      const before = current.toJSON();
      const after = (await def.update(params.id, body as z.infer<P>)).toJSON();
      await audit(req, {
        subject: `${def.kind}:${params.id}`,
        action: `${def.kind}.update`,
        outcome: 'ok',
        // Names every changed field, also those (a password) whose values are not recorded.
        detail: `changed: ${Object.keys(body as object).join(', ')}`,
        before,
        after,
      });
      return after;
    },
  );

  api.route(
    {
      ...common,
      method: 'post',
      path: `${def.path}/import`,
      summary: `Import ${def.tag} from CSV (${def.columns}); all or nothing`,
      body: z.string().meta({ description: 'CSV text, UTF-8, with a header row' }),
      bodyType: 'text/csv',
      status: 201,
      response: z.object({ imported: z.number().int(), ids: z.array(objectId) }),
      errors: [409, 413, 415, 422],
    },
    async ({ body }, req) => {
      const result = await def.importCsv(body);
      await audit(req, {
        subject: `import:${def.tag}`,
        action: `${def.kind}.import`,
        outcome: 'ok',
        after: result,
      });
      return result;
    },
  );
}
