import { ContextSlot } from '@newsreel/shared-async-context';
import type { RpcMeta } from './rpc-envelope';

/**
 * The metadata of the call being served, visible to anything the handler awaits. The RPC
 * client reads it so a downstream call inherits the caller's deadline (deadline propagation).
 */
export const rpcContext = new ContextSlot<RpcMeta>('rpc.call');
