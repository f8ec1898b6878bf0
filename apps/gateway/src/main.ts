import 'reflect-metadata';
import { configureGatewayHttp } from '@newsreel/gateway-feature';
import { bootstrap } from '@newsreel/shared-platform';
import { AppModule } from './app.module';

void bootstrap(AppModule, { beforeListen: configureGatewayHttp });
