import { Schema, model } from 'mongoose';
import { publicJson } from './plugins';

import { LOCALES, MAIL_PREFERENCES, ROLES } from './vocabulary';

export { LOCALES, MAIL_PREFERENCES, ROLES };
export type { Locale, MailPreference, Role } from './vocabulary';

const userSchema = new Schema(
  {
    fullName: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    // Absent for imported users until an admin sets a password; they cannot sign in before.
    passwordHash: { type: String, select: false },
    organizationId: { type: String },
    roles: { type: [String], enum: ROLES, required: true },
    locale: { type: String, enum: LOCALES, default: 'uz-Latn' },
    active: { type: Boolean, default: true },
    // Mail they are told at once regardless: as the person responsible, controller or reviewer.
    mailPreference: { type: String, enum: MAIL_PREFERENCES, default: 'digest' },
    // Bumped when a user is disabled or their roles change: tokens carrying an older value die.
    tokenVersion: { type: Number, default: 0 },
    // Set when someone else chose the password (the first admin's, one an admin set): the app
    // asks its owner to choose their own. Cleared when they do.
    passwordChangeDue: { type: Boolean, default: false },
  },
  { timestamps: true },
);
publicJson(userSchema, ['passwordHash', 'tokenVersion']);

export const User = model('User', userSchema);
