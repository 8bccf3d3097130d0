import * as assert from 'node:assert/strict';
import { applyFix, assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cognito-password-policy';

describe(RULE, () => {
  it('fails a pool without a password policy (Cognito default 8) and writes a full policy', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            UserPoolName: users
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.message, "SEC-COGNITO: Cognito user pool has no password policy, so Cognito's default minimum length of 8 applies (below 12)");
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t +
        '      Policies:\n        PasswordPolicy:\n          MinimumLength: 12\n          RequireLowercase: true\n          RequireUppercase: true\n          RequireNumbers: true\n          RequireSymbols: true\n',
    );
  });

  it('passes a pool without a policy when the minimum is at most Cognito\'s default', () => {
    const t = yaml`
      Resources:
        Pool: { Type: AWS::Cognito::UserPool, Properties: { UserPoolName: users } }
    `;
    assert.deepEqual(findingsOf(RULE, t, { ruleOptions: { [RULE]: { minimumLength: 8 } } }), []);
  });

  it('fails a short MinimumLength and a class turned off, on the values, each with its fix', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            Policies:
              PasswordPolicy:
                MinimumLength: 8
                RequireLowercase: true
                RequireUppercase: true
                RequireNumbers: true
                RequireSymbols: false
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => textAt(t, f)), ['8', 'false']);
    assert.deepEqual(found.map((f) => f.message), [
      'SEC-COGNITO: Cognito password policy allows passwords shorter than 12 characters (MinimumLength: 8)',
      'SEC-COGNITO: Cognito password policy does not require symbols (RequireSymbols: false)',
    ]);
    assert.equal(found[0].line, 7);
    assert.equal(found[0].column, 26);
    const once = applyFix(t, found[0].fix);
    assert.match(once, /MinimumLength: 12\n/);
    const fixed = assertFixCleans(RULE, once);
    assert.match(fixed, /RequireSymbols: true\n/);
  });

  it('reports the settings a written policy leaves out together, on the PasswordPolicy key, with one fix', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            Policies:
              PasswordPolicy:
                RequireLowercase: true
                RequireUppercase: true
            UserPoolName: users
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'PasswordPolicy');
    assert.equal(
      f.message,
      "SEC-COGNITO: Cognito password policy is weaker than required: MinimumLength is not set (Cognito's default is 8, below 12); RequireNumbers, RequireSymbols are not set, so numbers, symbols are not required",
    );
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('RequireUppercase: true\n', 'RequireUppercase: true\n          MinimumLength: 12\n          RequireNumbers: true\n          RequireSymbols: true\n'));
  });

  it('honours the options: a longer minimum, and classes not required', () => {
    const t = yaml`
      Resources:
        Pool: { Type: AWS::Cognito::UserPool, Properties: { Policies: { PasswordPolicy: { MinimumLength: 14 } } } }
    `;
    assert.deepEqual(findingsOf(RULE, t, { ruleOptions: { [RULE]: { minimumLength: 14, requireAllClasses: false } } }), []);
    const [f] = findingsOf(RULE, t, { ruleOptions: { [RULE]: { minimumLength: 16, requireAllClasses: false } } });
    assert.equal(textAt(t, f), '14');
    assert.match(f.message, /shorter than 16 characters/);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Length: { Type: Number }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            Policies:
              PasswordPolicy:
                MinimumLength: !Ref Length
                RequireLowercase: true
                RequireUppercase: true
                RequireNumbers: !If [Prod, true, false]
                RequireSymbols: true
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['undecided', '!Ref Length'],
      ['violation', 'false'],
    ]);
    assert.equal(found[0].message, 'SEC-COGNITO: Cannot decide the minimum password length: it comes from parameter Length, which has no Default.');
  });

  it('passes a strong policy, including values from parameter defaults', () => {
    const t = yaml`
      Parameters:
        Length: { Type: Number, Default: 16 }
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            Policies:
              PasswordPolicy: { MinimumLength: !Ref Length, RequireLowercase: true, RequireUppercase: "true", RequireNumbers: true, RequireSymbols: true }
    `;
    assert.deepEqual(findingsOf(RULE, t), []);
  });
});
