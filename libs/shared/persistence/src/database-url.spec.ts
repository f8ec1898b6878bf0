import { resolve } from 'node:path';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from './database-url';

describe('redactDatabaseUrl', () => {
  it('replaces the password with ***', () => {
    expect(redactDatabaseUrl('mysql://root:secret@h/db')).toBe('mysql://root:***@h/db');
    expect(redactDatabaseUrl('postgres://app:p%40ss@db.internal:5432/news?schema=video')).toBe(
      'postgres://app:***@db.internal:5432/news?schema=video',
    );
  });

  it('leaves URLs without a password alone', () => {
    expect(redactDatabaseUrl('mysql://root@127.0.0.1:3306/test')).toBe(
      'mysql://root@127.0.0.1:3306/test',
    );
    expect(redactDatabaseUrl('sqlite:.data/video.sqlite')).toBe('sqlite:.data/video.sqlite');
  });

  it('still masks the password of a string URL cannot parse', () => {
    expect(redactDatabaseUrl('mysql://root:se cret@bad host/db')).toBe(
      'mysql://root:***@bad host/db',
    );
  });
});

describe('parseDatabaseUrl', () => {
  it('reads SQLite files, relative to the working directory or absolute, and :memory:', () => {
    expect(parseDatabaseUrl('sqlite:.data/video.sqlite')).toEqual({
      dialect: 'sqlite',
      file: resolve('.data/video.sqlite'),
    });
    expect(parseDatabaseUrl('sqlite:///var/lib/newsreel/video.sqlite')).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/newsreel/video.sqlite',
    });
    expect(parseDatabaseUrl('sqlite:/tmp/v.sqlite')).toEqual({
      dialect: 'sqlite',
      file: '/tmp/v.sqlite',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('reads MySQL and MariaDB URLs, decoding credentials and defaulting the port', () => {
    expect(parseDatabaseUrl('mysql://root:s%3Acret@db:3307/newsreel_video')).toEqual({
      dialect: 'mysql',
      host: 'db',
      port: 3307,
      username: 'root',
      password: 's:cret',
      database: 'newsreel_video',
      ssl: false,
    });
    expect(parseDatabaseUrl('mariadb://app@db/newsreel?ssl=true')).toMatchObject({
      dialect: 'mariadb',
      port: 3306,
      password: undefined,
      ssl: true,
    });
  });

  it('reads PostgreSQL URLs with an optional schema and sslmode', () => {
    expect(
      parseDatabaseUrl('postgresql://postgres@127.0.0.1/test?schema=video&sslmode=require'),
    ).toEqual({
      dialect: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      password: undefined,
      database: 'test',
      schema: 'video',
      ssl: 'no-verify',
    });
    const plain = parseDatabaseUrl('postgres://u:p@h:6543/d');
    expect(plain).toMatchObject({ port: 6543 });
    expect(plain).not.toHaveProperty('schema');
  });

  it.each([
    ['redis://h/0', /unsupported scheme "redis:"/],
    ['not a url', /not a URL/],
    ['sqlite:', /no file path/],
    ['mysql://root@h', /no database name/],
    ['mysql://h/db', /no user name/],
    ['mysql://root@h/db;drop', /database name "db;drop" must be letters, digits and _/],
    ['postgres://u@h/d?schema=a-b', /schema "a-b" must be letters/],
    ['mysql://root@h/db?schema=x', /unsupported parameter "schema"/],
    ['postgres://u@h/d?sslmode=prefer', /sslmode must be/],
  ])('refuses %s', (url, problem) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(url)).toThrow(problem);
  });

  it('never puts the password in its error', () => {
    expect(() => parseDatabaseUrl('redis://u:hunter2@h/0')).toThrow(
      'Invalid database URL redis://u:***@h/0',
    );
  });
});
