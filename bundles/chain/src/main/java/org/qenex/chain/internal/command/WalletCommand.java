package org.qenex.chain.internal.command;

import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.wallet.NodeWallets;
import org.qenex.chain.internal.wallet.WalletInfo;
import org.qenex.chain.internal.wallet.WalletsBusyException;
import org.qenex.chain.internal.wallet.WrongPassphraseException;

@Command(scope = "qenex", name = "wallet", description = "The node's wallets: create, list, balance, send, set-parent.")
@Service
public class WalletCommand implements Action {

    @Reference
    private NodeWallets wallets;

    @Reference
    private Ledger ledger;

    @Reference
    private Session session;

    @Argument(index = 0, name = "action", required = true,
            description = "create NAME | list | balance NAME-OR-ADDRESS | send WALLET TO-ADDRESS AMOUNT-QXC | set-parent CHILD PARENT")
    @Completion(value = StringsCompleter.class, values = {"create", "list", "balance", "send", "set-parent"})
    private String action;

    @Argument(index = 1, name = "arguments", multiValued = true, description = "The action's arguments")
    private List<String> arguments = List.of();

    @Option(name = "--fee", description = "Fee in QXC (default: the chain's minimum)")
    private String fee;

    // censor: Karaf masks the value on screen and in the shell history file
    @Option(name = "--passphrase", censor = true, description = "The passphrase (for scripts; without it the command asks)")
    private String passphrase;

    @Option(name = "--parent-passphrase", censor = true,
            description = "The parent wallet's passphrase for set-parent (for scripts; without it the command asks)")
    private String parentPassphrase;

    @Override
    public Object execute() throws Exception {
        try {
            switch (action) {
                case "create" -> create(arg(0, "NAME"));
                case "list" -> list();
                case "balance" -> balance(arg(0, "NAME-OR-ADDRESS"));
                case "send" -> send(arg(0, "WALLET"), arg(1, "TO-ADDRESS"), arg(2, "AMOUNT-QXC"));
                case "set-parent" -> setParent(arg(0, "CHILD"), arg(1, "PARENT"));
                default -> throw new IllegalArgumentException("unknown action " + action + "; use create, list, balance, send or set-parent");
            }
        } catch (ChainException e) {
            String refusal = "Refused (" + e.code() + "): " + e.getMessage();
            throw new CommandException(refusal, refusal);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        } catch (WalletsBusyException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        } catch (WrongPassphraseException e) {
            throw new CommandException("wrong passphrase", "wrong passphrase");
        } catch (FileAlreadyExistsException e) {
            throw new CommandException("a wallet of that name exists", "a wallet of that name exists");
        }
        return null;
    }

    private String arg(int index, String name) {
        if (arguments == null || arguments.size() <= index) {
            throw new IllegalArgumentException("missing " + name);
        }
        return arguments.get(index);
    }

    private void create(String name) throws Exception {
        char[] first = Passphrases.read(session, passphrase, "Passphrase for " + name + ": ");
        char[] again = passphrase != null ? first.clone() : Passphrases.read(session, null, "Again: ");
        try {
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the passphrases differ");
            }
            WalletInfo info = wallets.create(name, first);
            System.out.println("Created wallet " + info.name() + ": " + info.address());
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(again, '\0');
        }
    }

    private void list() throws Exception {
        System.out.printf("%-20s %-44s %20s%n", "NAME", "ADDRESS", "BALANCE (QXC)");
        for (WalletInfo w : wallets.list()) {
            long balance = ledger.account(Address.parse(w.address())).balance();
            System.out.printf("%-20s %-44s %20s%n", w.name(), w.address(), Qxc.format(balance));
        }
    }

    private void balance(String nameOrAddress) throws Exception {
        AccountId id = resolve(nameOrAddress);
        AccountSummary a = ledger.account(id);
        System.out.println("Address:  " + id.address());
        System.out.println("Balance:  " + Qxc.format(a.balance()) + " QXC");
        System.out.println("Nonce:    " + a.confirmedNonce() + (a.nonce() > a.confirmedNonce()
                ? " (" + (a.nonce() - a.confirmedNonce()) + " pending)" : ""));
        System.out.println("Parent:   " + (a.parent() == null ? "-" : a.parent().address()));
        System.out.println("Children: " + a.children().size());
    }

    private void send(String wallet, String to, String amount) throws Exception {
        char[] pass = Passphrases.read(session, passphrase, "Passphrase for " + wallet + ": ");
        try {
            byte[] id = wallets.send(wallet, pass, Address.parse(to), Qxc.parse(amount), fee());
            System.out.println("Submitted " + HexFormat.of().formatHex(id));
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    private void setParent(String child, String parent) throws Exception {
        char[] childPass = Passphrases.read(session, passphrase, "Passphrase for " + child + ": ");
        char[] parentPass = Passphrases.read(session, parentPassphrase, "Passphrase for " + parent + ": ");
        try {
            byte[] id = wallets.setParent(child, childPass, parent, parentPass, fee());
            System.out.println("Submitted " + HexFormat.of().formatHex(id));
        } finally {
            Arrays.fill(childPass, '\0');
            Arrays.fill(parentPass, '\0');
        }
    }

    private long fee() {
        return fee == null ? ledger.parameters().minFee() : Qxc.parse(fee);
    }

    private AccountId resolve(String nameOrAddress) throws Exception {
        if (Address.isValid(nameOrAddress)) {
            return Address.parse(nameOrAddress);
        }
        for (WalletInfo w : wallets.list()) {
            if (w.name().equals(nameOrAddress)) {
                return Address.parse(w.address());
            }
        }
        throw new IllegalArgumentException("neither a wallet name nor a valid address: " + nameOrAddress);
    }
}
