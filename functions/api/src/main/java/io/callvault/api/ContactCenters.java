package io.callvault.api;

import io.callvault.core.http.ApiException;
import io.callvault.core.store.ContactCenter;
import io.callvault.core.store.ContactCenterStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant lookups for request paths. Known tenants are cached for the life of the execution environment
 * (a tenant's id and region never change), so a warm function pays one read per tenant, not per request.
 */
public final class ContactCenters {
    private final ContactCenterStore store;
    private final Map<String, ContactCenter> known = new ConcurrentHashMap<>();

    public ContactCenters(ContactCenterStore store) {
        this.store = store;
    }

    public ContactCenter require(String ccid) {
        ContactCenter cc = known.get(ccid);
        if (cc != null) {
            return cc;
        }
        cc = store.find(ccid).orElseThrow(() -> ApiException.notFound("contact center " + ccid + " is not known"));
        known.put(ccid, cc);
        return cc;
    }
}
