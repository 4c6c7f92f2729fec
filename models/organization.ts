import { Schema, model } from 'mongoose';
import { publicJson } from './plugins';

import { ORG_TYPES } from './vocabulary';

export { ORG_TYPES };
export type { OrgType } from './vocabulary';

/**
 * A node of the organization tree. `ancestors` (root first) is kept with every move, so
 * "this organization and everything under it" is one indexed query.
 */
const organizationSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 300 },
    names: {
      uzCyrl: { type: String, trim: true, maxlength: 300 },
      ru: { type: String, trim: true, maxlength: 300 },
    },
    type: { type: String, enum: ORG_TYPES, required: true },
    parentId: { type: String, default: null, index: true },
    ancestors: { type: [String], default: [], index: true },
    headUserId: { type: String, default: null },
    // Answers for the organization's executions, before its head, until one has a person named.
    officerUserId: { type: String, default: null },
    email: { type: String, lowercase: true, trim: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
publicJson(organizationSchema);

export const Organization = model('Organization', organizationSchema);
