/** Applies a fixture to moto and the proxy (in progress). */
export interface SeedResult {
  readonly fixture: string;
  readonly accounts: readonly string[];
}

export async function seedFixture(endpoint: string, fixtureName: string): Promise<SeedResult> {
  void endpoint;
  throw new Error(`seeding ${fixtureName} is not written yet`);
}
