import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountContract,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  type Session,
} from '@newsreel/account-contracts';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import type { FastifyRequest } from 'fastify';
import { ApiJsonBody, ApiTooManyRequests } from '../http/openapi';
import { validate } from '../http/validate';
import { LoginRefusals } from './login-refusals';

/**
 * Sessions: register, log in, rotate the refresh token, log out. Register and login pass the
 * client's address on to account (`clientIp`), whose own limits count per address.
 */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthHttpController {
  constructor(
    @InjectRpcClient(AccountContract) private readonly account: RpcClient<AccountContract>,
    private readonly refusals: LoginRefusals,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account and a session' })
  @ApiJsonBody(RegisterRequest)
  @ApiTooManyRequests('Too many sign-ups from this address')
  register(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Session> {
    return this.account.call('register', validate(RegisterRequest, body), {
      clientIp: request.ip,
    });
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in (same 401 whether or not the user exists)' })
  @ApiJsonBody(LoginRequest)
  @ApiTooManyRequests('Too many failed logins for this username or from this address')
  async login(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Session> {
    const credentials = validate(LoginRequest, body);
    // A pair account already refused is refused here until its Retry-After, without a hop.
    await this.refusals.check(credentials.username, request.ip);
    try {
      return await this.account.call('login', credentials, { clientIp: request.ip });
    } catch (error) {
      this.refusals.remember(credentials.username, request.ip, error);
      throw error;
    }
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (a reused token revokes its family)',
  })
  @ApiJsonBody(RefreshRequest)
  refresh(@Body() body: unknown): Promise<Session> {
    return this.account.call('refresh', validate(RefreshRequest, body));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session of this refresh token' })
  @ApiJsonBody(RefreshRequest)
  async logout(@Body() body: unknown): Promise<void> {
    await this.account.call('logout', validate(RefreshRequest, body));
  }
}
