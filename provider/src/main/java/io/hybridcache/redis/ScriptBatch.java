package io.hybridcache.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many calls of one {@link LuaScript} in one Redisson batch: the calls are pipelined on each server holding some of
 * their keys (in cluster mode one round trip per master involved, whatever the keys' hash slots), each call one
 * script, routed by its first key (its keys must share a hash slot in cluster mode: {@link BulkWriter} groups them). The calls go by the script's SHA-1. When the server answers some with {@code NOSCRIPT}
 * (it does not know the script: never loaded, or its script cache was emptied by a restart or a failover), the script
 * is loaded ({@code SCRIPT LOAD}, on every master) and those calls alone are sent once more, by SHA-1 again: a call is
 * never made twice. Loading explicitly rather than sending the text with {@code EVAL} matters: Redisson's script cache
 * turns a batched {@code EVAL} into an {@code EVALSHA} once it believes the script loaded, and does not recover from
 * {@code NOSCRIPT} inside a batch. Any other failure fails the whole batch.
 */
final class ScriptBatch {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptBatch.class);

  /** One call: the script's keys (the first routes it) and its arguments. */
  record Call(List<Object> keys, byte[][] args) { }

  private ScriptBatch() {
  }

  /**
   * Runs {@code script} once per call, pipelined, in {@code mode} with replies of {@code type}; completes with each
   * call's reply, in order.
   */
  static <T> CompletableFuture<List<T>> run(RedissonClient client, LuaScript script, RScript.Mode mode,
      RScript.ReturnType type, List<Call> calls) {
    Object[] replies = new Object[calls.size()];
    List<Integer> all = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      all.add(i);
    }
    return send(client, script, mode, type, calls, all, replies).thenCompose(unknown -> {
      if (unknown.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      LOG.debug("the server did not know the {}; loading it and sending {} calls again", script, unknown.size());
      return client.getScript(ByteArrayCodec.INSTANCE).scriptLoadAsync(script.text()).toCompletableFuture()
          .thenCompose(sha -> send(client, script, mode, type, calls, unknown, replies))
          .thenApply(stillUnknown -> {
            if (!stillUnknown.isEmpty()) {
              throw new CompletionException(new IllegalStateException("the server did not know the " + script
                  + " even after loading it"));
            }
            return null;
          });
    }).thenApply(done -> {
      List<T> result = new ArrayList<>(replies.length);
      for (Object reply : replies) {
        @SuppressWarnings("unchecked")
        T typed = (T) reply;
        result.add(typed);
      }
      return result;
    });
  }

  /**
   * Sends the calls at {@code indexes} in one batch, storing their replies; completes with the indexes the server
   * answered {@code NOSCRIPT}, fails when any call failed otherwise.
   */
  private static CompletableFuture<List<Integer>> send(RedissonClient client, LuaScript script, RScript.Mode mode,
      RScript.ReturnType type, List<Call> calls, List<Integer> indexes, Object[] replies) {
    RBatch batch = client.createBatch();
    RScriptAsync scripts = batch.getScript(ByteArrayCodec.INSTANCE);
    List<RFuture<Object>> sent = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      Call call = calls.get(i);
      Object[] values = call.args();
      sent.add(scripts.evalShaAsync((String) call.keys().get(0), mode, script.sha(), type, call.keys(), values));
    }
    return batch.executeAsync().toCompletableFuture().handle((done, batchError) -> {
      List<Integer> unknown = new ArrayList<>();
      for (int j = 0; j < sent.size(); j++) {
        CompletableFuture<Object> reply = sent.get(j).toCompletableFuture();
        if (!reply.isDone()) {
          throw new CompletionException(batchError != null ? batchError
              : new IllegalStateException("a call of the batch has no reply"));
        }
        try {
          replies[indexes.get(j)] = reply.join();
        } catch (CompletionException | CancellationException e) {
          if (!LuaScript.isNoScript(e)) {
            throw e instanceof CompletionException c ? c : new CompletionException(e);
          }
          unknown.add(indexes.get(j));
        }
      }
      return unknown;
    });
  }
}
