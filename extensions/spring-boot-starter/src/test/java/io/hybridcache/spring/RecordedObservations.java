package io.hybridcache.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An observation handler (Spring Boot registers it) that records each observation that stopped. */
public class RecordedObservations implements ObservationHandler<Observation.Context> {
  final List<String> stopped = new CopyOnWriteArrayList<>();

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context.getName().startsWith("hybridcache.");
  }

  @Override
  public void onStop(Observation.Context context) {
    stopped.add(context.getName() + " " + context.getLowCardinalityKeyValues().stream()
        .map(kv -> kv.getKey() + "=" + kv.getValue()).toList());
  }
}
