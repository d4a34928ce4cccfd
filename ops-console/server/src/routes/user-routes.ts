import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CityopsError, CreateUserRequest, ResetPasswordRequest, UpdateUserRequest, USERNAME_PATTERN, UserAccount, UserList } from '@cityops/contracts';
import { changeUserPassword, createUser, listUserAccounts, updateUserAccount, type Pool } from '@cityops/db';
import type { ConsoleLink } from '../console-link.ts';
import { created, noContent, ok } from '../openapi/responses.ts';

const UsernameParams = Type.Object({ username: Type.String({ pattern: USERNAME_PATTERN }) });

/**
 * Console accounts, for admins: add, change role, disable or enable, reset the password. Any of the
 * last three ends the user's sessions in the same transaction and closes their open sockets here at
 * once (other console replicas close theirs at their next session check, within seconds).
 */
export function userRoutes(app: FastifyInstance, { pool, link }: { pool: Pool; link: ConsoleLink }): void {
  async function account(username: string): Promise<UserAccount> {
    const [found] = await listUserAccounts(pool, username);
    if (!found) throw new CityopsError('CITYOPS_USER_NOT_FOUND', `no user ${username}`);
    return found;
  }

  app.get('/api/users', { schema: { summary: 'User accounts', response: ok(UserList) }, config: { access: 'admin' } }, async (): Promise<UserList> => ({
    items: await listUserAccounts(pool),
  }));

  app.post<{ Body: CreateUserRequest }>(
    '/api/users',
    {
      schema: { summary: 'Create a user account', response: created(UserAccount), body: CreateUserRequest },
      config: { access: 'admin', audit: 'user.create' },
    },
    async (request, reply) => {
      await createUser(pool, request.body.username, request.body.role, request.body.password);
      request.auditTarget = request.body.username;
      return reply.code(201).send(await account(request.body.username));
    },
  );

  app.patch<{ Params: { username: string }; Body: UpdateUserRequest }>(
    '/api/users/:username',
    {
      schema: { summary: "Change a user's role or disable the account", response: ok(UserAccount), params: UsernameParams, body: UpdateUserRequest },
      config: { access: 'admin', audit: 'user.update' },
    },
    async (request) => {
      const { username } = request.params;
      const change = request.body;
      // Locking oneself out is never what an admin meant; another admin can do it if it is.
      if (username === request.user!.username && (change.disabled === true || (change.role !== undefined && change.role !== 'admin')))
        throw new CityopsError('CITYOPS_USER_LAST_ADMIN', 'you cannot disable or demote your own account');
      const { before, endedSessions } = await updateUserAccount(pool, username, change);
      request.auditBefore = before;
      for (const tokenHash of endedSessions) link.endSession(tokenHash);
      link.endUser(username);
      if (endedSessions.length > 0) request.log.info({ username, sessions: endedSessions.length, by: request.user!.username }, 'user changed: sessions ended');
      return account(username);
    },
  );

  app.post<{ Params: { username: string }; Body: ResetPasswordRequest }>(
    '/api/users/:username/password',
    {
      schema: { summary: 'Set a new password for a user', response: noContent, params: UsernameParams, body: ResetPasswordRequest },
      config: { access: 'admin', audit: 'user.reset_password' },
    },
    async (request, reply) => {
      await changeUserPassword(pool, request.params.username, request.body.password);
      link.endUser(request.params.username);
      return reply.code(204).send();
    },
  );
}
