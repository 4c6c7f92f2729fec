import argon2 from 'argon2';

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id });

// Verifying against a real hash when the user does not exist keeps the timing the same,
// so a response time does not tell whether an email is registered.
let dummy: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword('not-a-real-password');
  try {
    const ok = await argon2.verify(hash ?? (await dummy), password);
    return ok && hash !== undefined;
  } catch {
    return false;
  }
}
