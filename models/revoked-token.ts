import { Schema, model } from 'mongoose';

/**
 * Signed-out tokens until they would have expired anyway. A TTL index (where the server has
 * them) or the next sign-out removes them then; an expired token is refused regardless.
 */
const revokedTokenSchema = new Schema({
  _id: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});

export const RevokedToken = model('RevokedToken', revokedTokenSchema);
