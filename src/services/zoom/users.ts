import type { ZoomApi } from './api'
import { paged } from './paging'
import type { ZoomUser } from './types'

/** The account's users: the hosts a school may schedule classes with. */
export const userCalls = (api: ZoomApi) => ({
  listUsers: ({ status = 'active', pageSize }: { status?: 'active' | 'inactive' | 'pending'; pageSize?: number } = {}): AsyncGenerator<ZoomUser> =>
    paged<ZoomUser>({ api, path: '/users', key: 'users', query: { status }, pageSize }),
})
