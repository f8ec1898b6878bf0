import 'reflect-metadata';
import { bootstrap } from '@newsreel/shared-platform';
import { AppModule } from './app.module';

void bootstrap(AppModule);
