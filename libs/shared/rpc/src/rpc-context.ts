import { ContextSlot } from '@newsreel/shared-async-context';
import type { RpcMeta } from './rpc-envelope';

/**
 * The metadata of the call being served, visible to anything the handler awaits. The RPC
 * client reads it so a downstream call inherits the caller's deadline (deadline propagation).
 */
export const rpcContext = new ContextSlot<RpcMeta>('rpc.call');

// Longest textual IPv6 address with an embedded IPv4 tail (45) plus a zone id.
const MAX_IP_LENGTH = 64;
const IP_TEXT = /^[0-9A-Za-z.:%_-]+$/;

/**
 * The end user's client address of the call being served (`meta.clientIp`, set by the gateway),
 * or `undefined` when the call did not come through the gateway or carries no usable address.
 * The value is only length- and charset-checked: it is a key for limits, never parsed further.
 */
export function callerClientIp(): string | undefined {
  const ip = rpcContext.get()?.clientIp;
  return typeof ip === 'string' && ip.length <= MAX_IP_LENGTH && IP_TEXT.test(ip) ? ip : undefined;
}
