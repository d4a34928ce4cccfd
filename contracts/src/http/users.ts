import Type from 'typebox';
import { IsoTime, Role } from './common.ts';

/** A console account as an admin sees it (GET /api/users). Never the password or its hash. */
export const UserAccount = Type.Object({
  username: Type.String(),
  role: Role,
  disabled: Type.Boolean(),
  createdAt: IsoTime,
  /** The last successful sign-in (from the audit log), or null. */
  lastSignInAt: Type.Union([IsoTime, Type.Null()]),
});
export type UserAccount = Type.Static<typeof UserAccount>;

export const UserList = Type.Object({ items: Type.Array(UserAccount) });
export type UserList = Type.Static<typeof UserList>;

export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]{1,64}$';
/** At least 12 characters: the console is reachable from the city network, not just one room. */
export const PASSWORD_MIN_LENGTH = 12;
const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 256 });

/** POST /api/users (admin). */
export const CreateUserRequest = Type.Object(
  { username: Type.String({ pattern: USERNAME_PATTERN }), role: Role, password: Password },
  { additionalProperties: false },
);
export type CreateUserRequest = Type.Static<typeof CreateUserRequest>;

/**
 * PATCH /api/users/{username} (admin): a new role or disabled. Either ends every session of the
 * user at once and closes their sockets; they sign in again (a disabled user cannot).
 */
export const UpdateUserRequest = Type.Object(
  { role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Type.Static<typeof UpdateUserRequest>;

/** POST /api/users/{username}/password (admin): a reset; the user's sessions end. */
export const ResetPasswordRequest = Type.Object({ password: Password }, { additionalProperties: false });
export type ResetPasswordRequest = Type.Static<typeof ResetPasswordRequest>;
