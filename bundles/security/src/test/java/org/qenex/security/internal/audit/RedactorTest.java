package org.qenex.security.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

public class RedactorTest {

    @Test
    public void secretOptionsLoseTheirValues() {
        assertEquals("qenex:wallet send alice qxc1abc 1.5 --passphrase ***",
                Redactor.redact("qenex:wallet send alice qxc1abc 1.5 --passphrase hunter2"));
        assertEquals("qenex:wallet create bob --passphrase=***", Redactor.redact("qenex:wallet create bob --passphrase=s3cret"));
        assertEquals("x --password *** --token ***", Redactor.redact("x --password 'two words' --token abc.def"));
    }

    @Test
    public void positionalPasswordsOfUserCommandsAreMasked() {
        assertEquals("jaas:useradd carol ***", Redactor.redact("jaas:useradd carol Pa55word!"));
        // a batch of lines is one record: each line's command is redacted, not only the first
        assertEquals("jaas:realm-manage --realm karaf\njaas:user-add weakling ***\r\nqenex:user passwd bob ***\nssh:ssh -P *** host\njaas:update",
                Redactor.redact("jaas:realm-manage --realm karaf\njaas:user-add weakling Weak-Clear-Pass-777\r\n"
                        + "qenex:user passwd bob Bobs-Secret-1\nssh:ssh -P hunter2 host\njaas:update"));
        assertEquals("qenex:user add dave *** --roles viewer", Redactor.redact("qenex:user add dave Pa55word! --roles viewer"));
        assertEquals("qenex:user passwd dave ***", Redactor.redact("qenex:user passwd dave n3w-Pa55"));
        assertEquals("ssh:ssh -l admin -P *** host", Redactor.redact("ssh:ssh -l admin -P secret host"));
    }

    @Test
    public void jsonFieldsNamedLikeSecretsAreMasked() {
        String redacted = Redactor.redact("{\"name\":\"w1\",\"passphrase\":\"correct horse\",\"token\":\"abc\",\"apiToken\": \"x\\\"y\",\"password\":12345}");
        assertEquals("{\"name\":\"w1\",\"passphrase\":\"***\",\"token\":\"***\",\"apiToken\": \"***\",\"password\":***}", redacted);
    }

    @Test
    public void queryParametersNamedLikeSecretsAreMasked() {
        assertEquals("GET /api/v1/x?token=***&limit=5", Redactor.redact("GET /api/v1/x?token=abcdef&limit=5"));
    }

    @Test
    public void harmlessTextIsLeftAlone() {
        String command = "qenex:audit search --user alice --since 10m -n 20";
        assertEquals(command, Redactor.redact(command));
        assertFalse(Redactor.redact("passphrase rules are in docs").contains("***"));
    }
}
