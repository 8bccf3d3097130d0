import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cognito-mfa';

describe(RULE, () => {
  it('fails a pool without MfaConfiguration (default OFF) and adds MFA with TOTP', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            UserPoolName: users # customer logins
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'SEC-COGNITO: Cognito user pool does not use MFA (MfaConfiguration is not set; it defaults to OFF)');
    assert.equal(f.severity, 'warning');
    assert.equal(f.fix?.title, 'Set MfaConfiguration: ON with authenticator-app (TOTP) MFA');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      MfaConfiguration: "ON"\n      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA\n');
  });

  it('fails MfaConfiguration OFF on the value; the fix keeps the factors already listed', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            MfaConfiguration: "OFF"
            EnabledMfas: [SOFTWARE_TOKEN_MFA]
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"OFF"');
    assert.equal(f.message, 'SEC-COGNITO: Cognito user pool does not use MFA (MfaConfiguration: OFF)');
    assert.equal(f.fix?.title, 'Set MfaConfiguration: ON');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('"OFF"', '"ON"'));
  });

  it('adds the TOTP factor after an OFF value when no factor is listed', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            MfaConfiguration: OFF
            UserPoolName: users
    `;
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('MfaConfiguration: OFF', 'MfaConfiguration: "ON"') + '      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA\n');
  });

  it('sets OPTIONAL for pools with adaptive authentication', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            UserPoolAddOns: { AdvancedSecurityMode: ENFORCED }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.fix?.title, 'Set MfaConfiguration: OPTIONAL with authenticator-app (TOTP) MFA');
    assertFixCleans(RULE, t);
  });

  it('passes ON and OPTIONAL, and fails OPTIONAL when the option disallows it', () => {
    const t = yaml`
      Resources:
        On: { Type: AWS::Cognito::UserPool, Properties: { MfaConfiguration: "ON", EnabledMfas: [SOFTWARE_TOKEN_MFA] } }
        Optional: { Type: AWS::Cognito::UserPool, Properties: { MfaConfiguration: OPTIONAL, EnabledMfas: [SOFTWARE_TOKEN_MFA] } }
    `;
    assert.deepEqual(findingsOf(RULE, t), []);
    const strict = findingsOf(RULE, t, { ruleOptions: { [RULE]: { allowOptional: false } } });
    assert.deepEqual(strict.map((f) => [f.resource, textAt(t, f)]), [['Optional', 'OPTIONAL']]);
    assert.match(strict[0].message, /does not require MFA \(MfaConfiguration: OPTIONAL lets users sign in without a second factor\)/);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Mfa: { Type: String }
        DefaultOff: { Type: String, Default: "OFF" }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A: { Type: AWS::Cognito::UserPool, Properties: { MfaConfiguration: !If [Prod, "ON", "OFF"], EnabledMfas: [SOFTWARE_TOKEN_MFA] } }
        B: { Type: AWS::Cognito::UserPool, Properties: { MfaConfiguration: !Ref Mfa } }
        C: { Type: AWS::Cognito::UserPool, Properties: { MfaConfiguration: !Ref DefaultOff } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', '"OFF"'],
      ['B', 'undecided', '!Ref Mfa'],
      ['C', 'violation', '!Ref DefaultOff'],
    ]);
    assert.equal(found[1].message, 'SEC-COGNITO: Cannot decide whether the user pool uses MFA: it comes from parameter Mfa, which has no Default.');
    assert.equal(found[2].fix, undefined, 'a parameter default is the parameter\'s to change');
  });

  it('fixes JSON templates as JSON', () => {
    const t = JSON.stringify({ Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'users' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Properties"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Pool.Properties, { UserPoolName: 'users', MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });
});
